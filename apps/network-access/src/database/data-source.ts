import { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions, databaseConnectionFrom } from '@edubase/persistence';
import { networkAccessEntities } from './entities';
import { networkAccessMigrations } from './migrations';
import type { NetworkAccessConfig } from '../network-access.config';

export function networkAccessDataSourceOptions(config: NetworkAccessConfig): DataSourceOptions {
  return createDataSourceOptions({
    connection: databaseConnectionFrom(config),
    entities: networkAccessEntities,
    migrations: networkAccessMigrations,
    // RADIUS traffic is bursty: group commits and lookups share the pool.
    poolSize: 20,
  });
}
