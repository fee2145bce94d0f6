import { CockpitProjections1765200000000 } from './1765200000000-cockpit-projections';

/** The cockpit's own migrations, in timestamp order. */
export const cockpitMigrations = [CockpitProjections1765200000000];

/** The tables the projections live in: rebuild empties exactly these. */
export const projectionTables = [
  'indicator_bucket',
  'org_state',
  'person_state',
  'role_state',
  'session_state',
  'terminal_state',
  'nas_state',
] as const;
