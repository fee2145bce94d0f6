import { randomBytes } from 'node:crypto';
import {
  DatabaseConnection,
  dropDatabase,
  ensureDatabaseExists,
  pendingSchemaChanges,
} from '@edubase/persistence';
import { DataSource } from 'typeorm';
import { identityDataSourceOptions } from './data-source';

describe('identity schema', () => {
  const database = `t_identity_schema_${randomBytes(4).toString('hex')}`;
  const connection: DatabaseConnection = {
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
    database,
  };
  let dataSource: DataSource | undefined;

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(connection);
  });

  it('migrates a fresh database to exactly the entities (no drift), and rolls back cleanly', async () => {
    await ensureDatabaseExists(connection);
    dataSource = new DataSource(
      identityDataSourceOptions({
        DB_HOST: '127.0.0.1',
        DB_PORT: 3306,
        DB_USER: 'root',
        DB_PASSWORD: '',
        DB_NAME: database,
      }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });

    const tables = (await dataSource.query('SHOW TABLES')) as Record<string, string>[];
    expect(tables.map((row) => Object.values(row)[0]).sort()).toEqual([
      'audit_entry',
      'org_history',
      'org_unit',
      'outbox_event',
      'person',
      'processed_event',
      'reconciliation_run',
      'role_grant',
      'roster_import_job',
      'schema_migrations',
      'scim_external_id',
    ]);

    // Newest first: SCIM/roster-import tables, then identity's first schema.
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    const left = (await dataSource.query('SHOW TABLES')) as Record<string, string>[];
    expect(left.map((row) => Object.values(row)[0]).sort()).toEqual([
      'outbox_event',
      'processed_event',
      'schema_migrations',
    ]);
  });
});
