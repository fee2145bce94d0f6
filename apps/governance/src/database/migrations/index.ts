import { messagingMigrations } from '@edubase/messaging';
import { GovernanceSchema1796494626978 } from './1796494626978-governance-schema';

/** The messaging tables first, then governance's own, in timestamp order. */
export const governanceMigrations = [...messagingMigrations, GovernanceSchema1796494626978];
