import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions, databaseConnectionFrom } from '@edubase/persistence';
import type { GovernanceConfig } from '../governance.config';
import { governanceEntities } from './entities';
import { governanceMigrations } from './migrations';

/** The service's database, for the service (ServiceModule) and the migration CLI alike. */
export function governanceDataSourceOptions(
  config: Pick<GovernanceConfig, 'DB_HOST' | 'DB_PORT' | 'DB_USER' | 'DB_PASSWORD' | 'DB_NAME'>,
): DataSourceOptions {
  return createDataSourceOptions({
    connection: databaseConnectionFrom(config),
    entities: governanceEntities,
    migrations: governanceMigrations,
  });
}
