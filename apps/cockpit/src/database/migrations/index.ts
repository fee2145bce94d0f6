import { CockpitProjections1765200000000 } from './1765200000000-cockpit-projections';
import { TerminalRegisteredAt1796489234451 } from './1796489234451-terminal-registered-at';
import { GovernanceProjection1796494627951 } from './1796494627951-governance-projection';

/** The cockpit's own migrations, in timestamp order. */
export const cockpitMigrations = [
  CockpitProjections1765200000000,
  TerminalRegisteredAt1796489234451,
  GovernanceProjection1796494627951,
];
