import { CockpitProjections1765200000000 } from './1765200000000-cockpit-projections';
import { TerminalRegisteredAt1796489234451 } from './1796489234451-terminal-registered-at';
import { GovernanceProjection1796496390534 } from './1796496390534-governance-projection';
import { PersonStateMinor1796505767052 } from './1796505767052-person-state-minor';
import { GovernanceCompliance1796506985663 } from './1796506985663-governance-compliance';

/** The cockpit's own migrations, in timestamp order. */
export const cockpitMigrations = [
  CockpitProjections1765200000000,
  TerminalRegisteredAt1796489234451,
  GovernanceProjection1796496390534,
  PersonStateMinor1796505767052,
  GovernanceCompliance1796506985663,
];
