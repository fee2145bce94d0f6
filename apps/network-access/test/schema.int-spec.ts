import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@edubase/config';
import {
  databaseConnectionFrom,
  dropDatabase,
  ensureDatabaseExists,
  pendingSchemaChanges,
} from '@edubase/persistence';
import { PartitionMaintenanceService } from '../src/accounting/partition-maintenance.service';
import { NetworkAccessConfig } from '../src/network-access.config';
import { networkAccessDataSourceOptions } from '../src/database/data-source';
import { monthStart, partitionName } from '../src/database/partitions';

jest.setTimeout(60_000);

describe('network-access schema', () => {
  const config = loadConfig(NetworkAccessConfig, {
    DB_NAME: `t_netaccess_schema_${randomBytes(4).toString('hex')}`,
    SESSION_RETENTION_DAYS: '180',
  });
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabaseExists(databaseConnectionFrom(config));
    dataSource = new DataSource(networkAccessDataSourceOptions(config));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(databaseConnectionFrom(config));
  });

  it('has no drift between entities and migrations, partitions included', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
  });

  it('partitions sessions by month and purges only partitions wholly past retention', async () => {
    const maintenance = new PartitionMaintenanceService(dataSource, config);
    const names = (await maintenance.partitions()).map((row) => row.name);
    const now = new Date();
    expect(names[0]).toBe('p_history');
    expect(names).toContain(partitionName(monthStart(now)));
    expect(names.at(-1)).toBe('p_future');

    const insert = (startedAt: Date, stoppedAt: Date | null, id: string) =>
      dataSource.query(
        `INSERT INTO session (started_at, acct_session_id, nas_id, nas_ip, school_code, username, stopped_at, last_update_at)
         VALUES (?, ?, 'nas', '10.0.0.1', '3101200001', 'u', ?, ?)`,
        [startedAt, id, stoppedAt, stoppedAt ?? startedAt],
      );
    // Seven months ago and closed (expired); six months ago but still open (must survive); an hour ago.
    const old = monthStart(now, -7);
    await insert(new Date(old.getTime() + 86_400_000), new Date(old.getTime() + 90_000_000), 'expired');
    const lingering = monthStart(now, -6);
    await insert(new Date(lingering.getTime() + 3_600_000), null, 'lingering');
    await insert(new Date(now.getTime() - 3_600_000), null, 'young');

    // 200 days on, the 180-day cutoff lies just past today: every partition before this month is expired.
    const later = new Date(now.getTime() + 200 * 86_400_000);
    const report = await maintenance.maintain(later);
    expect(report.created.length).toBeGreaterThan(0);
    expect(report.dropped).toContain(partitionName(old));
    expect(report.kept).toContain(partitionName(lingering));
    const left: Array<{ acct_session_id: string }> = await dataSource.query(
      'SELECT acct_session_id FROM session ORDER BY acct_session_id',
    );
    expect(left.map((row) => row.acct_session_id)).toEqual(['lingering', 'young']);
    // Partition changes never show up as schema drift.
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
  });
});
