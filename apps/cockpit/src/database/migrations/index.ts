import { CockpitProjections1765200000000 } from './1765200000000-cockpit-projections';

/** The cockpit's own migrations, in timestamp order. */
export const cockpitMigrations = [CockpitProjections1765200000000];
