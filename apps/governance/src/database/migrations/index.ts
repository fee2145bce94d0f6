import { messagingMigrations } from '@edubase/messaging';
import { GovernanceSchema1796496384915 } from './1796496384915-governance-schema';

/** The messaging tables first, then governance's own, in timestamp order. */
export const governanceMigrations = [...messagingMigrations, GovernanceSchema1796496384915];
