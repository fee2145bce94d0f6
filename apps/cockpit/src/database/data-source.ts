import type { DataSourceOptions } from 'typeorm';
import { messagingEntities, messagingMigrations } from '@edubase/messaging';
import { createDataSourceOptions, databaseConnectionFrom } from '@edubase/persistence';
import type { CockpitConfig } from '../cockpit.config';
import { ProjectionMeta } from '../projections/projection-meta.entity';
import { projectionTables } from '../projections/projectors';
import { cockpitMigrations } from './migrations';

/** The projection tables come from the projectors' table definitions; nothing lists them twice. */
export const cockpitEntities = [
  ProjectionMeta,
  ...projectionTables.map((table) => table.entity),
  ...messagingEntities,
];

export type CockpitDatabaseSettings = Pick<
  CockpitConfig,
  'DB_HOST' | 'DB_PORT' | 'DB_USER' | 'DB_PASSWORD' | 'DB_NAME'
>;

export function cockpitDataSourceOptions(config: CockpitDatabaseSettings): DataSourceOptions {
  return createDataSourceOptions({
    connection: databaseConnectionFrom(config),
    entities: cockpitEntities,
    // The messaging tables (processed_event) first, then the projections.
    migrations: [...messagingMigrations, ...cockpitMigrations],
  });
}
