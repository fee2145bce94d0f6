import { pendingSchemaChanges } from '@edubase/persistence';
import { TemporaryDatabase } from '@edubase/testing';
import { DataSource } from 'typeorm';
import { identityDataSourceOptions } from '../src/database/data-source';

describe('identity schema', () => {
  const database = new TemporaryDatabase('identity_schema');
  let dataSource: DataSource | undefined;

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  it('migrates a fresh database to exactly the entities (no drift), and rolls back cleanly', async () => {
    await database.create();
    dataSource = new DataSource(identityDataSourceOptions(database.settings));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });

    const tables = (await dataSource.query('SHOW TABLES')) as Record<string, string>[];
    expect(tables.map((row) => Object.values(row)[0]).sort()).toEqual([
      'audit_chain_entry',
      'audit_chain_head',
      'audit_entry',
      'keycloak_sync_request',
      'org_history',
      'org_unit',
      'outbox_event',
      'person',
      'processed_event',
      'reconciliation_run',
      'role_grant',
      'roster_import_job',
      'roster_import_person',
      'schema_migrations',
      'scim_external_id',
      'shared_data_grant',
    ]);

    // Newest first, back to the first migration every service starts from (the messaging tables); later
    // platform migrations interleave with identity's by timestamp, so count rather than name them.
    const [{ executed }] = (await dataSource.query('SELECT COUNT(*) AS executed FROM schema_migrations')) as [
      { executed: string },
    ];
    for (let undone = 1; undone < Number(executed); undone += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const left = (await dataSource.query('SHOW TABLES')) as Record<string, string>[];
    expect(left.map((row) => Object.values(row)[0]).sort()).toEqual([
      'outbox_event',
      'processed_event',
      'schema_migrations',
    ]);
  });
});
