import { messagingMigrations } from '@edubase/messaging';
import { GovernanceSchema1796494904561 } from './1796494904561-governance-schema';

/** The messaging tables first, then governance's own, in timestamp order. */
export const governanceMigrations = [...messagingMigrations, GovernanceSchema1796494904561];
