import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { createConnection } from 'mysql2/promise';

export interface DatabaseConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface ServiceDataSourceSpec {
  connection: DatabaseConnection;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own signature for entity lists
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own signature for migration lists
  migrations: MixedList<Function | string>;
  poolSize?: number;
  logging?: boolean;
}

export function databaseConnectionFrom(config: {
  DB_HOST: string;
  DB_PORT: number;
  DB_USER: string;
  DB_PASSWORD: string;
  DB_NAME: string;
}): DatabaseConnection {
  return {
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
  };
}

/** Every service's DataSource: MariaDB through mysql2, schema only ever changed by checked-in migrations. */
export function createDataSourceOptions(spec: ServiceDataSourceSpec): DataSourceOptions {
  return {
    type: 'mariadb',
    connectorPackage: 'mysql2',
    host: spec.connection.host,
    port: spec.connection.port,
    username: spec.connection.user,
    password: spec.connection.password,
    database: spec.connection.database,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    // Stored times are UTC; the API and UI render zh-CN local time.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: spec.poolSize ?? 10,
    logging: spec.logging ? ['error', 'warn', 'migration'] : ['error', 'migration'],
  };
}

/** Creates the service's database if missing; services own one database each and never touch another's. */
export async function ensureDatabaseExists(connection: DatabaseConnection): Promise<void> {
  const admin = await createConnection({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    password: connection.password,
  });
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${connection.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(connection: DatabaseConnection): Promise<void> {
  const admin = await createConnection({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    password: connection.password,
  });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${connection.database}\``);
  } finally {
    await admin.end();
  }
}

/** Opens the DataSource after creating the database and applying pending migrations. */
export async function openMigratedDataSource(
  options: DataSourceOptions & { database?: string },
): Promise<DataSource> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/**
 * SQL that would bring the migrated schema in line with the entities. Empty means no drift;
 * anything else is a migration someone forgot to generate.
 */
export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((query) => query.query),
    down: sql.downQueries.map((query) => query.query),
  };
}
