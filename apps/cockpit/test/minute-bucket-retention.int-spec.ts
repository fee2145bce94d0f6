import { TemporaryDatabase, uniqueRunId } from '@edubase/testing';
import { DataSource } from 'typeorm';
import { CockpitConfig } from '../src/cockpit.config';
import { openCockpitDatabase } from './cockpit-test-kit';
import { MinuteBucketRetention, minuteBucketsKeptSince } from '../src/retention/minute-bucket-retention';

const DAY_MS = 24 * 3600_000;

describe('minute bucket retention', () => {
  const database = new TemporaryDatabase('cockpit_retention', uniqueRunId());
  let dataSource: DataSource;
  const now = new Date('2026-11-28T12:00:30Z');

  beforeAll(async () => {
    dataSource = await openCockpitDatabase(database);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  async function bucket(scope: string, metric: string, grain: string, at: Date): Promise<void> {
    await dataSource.query(
      'INSERT INTO indicator_bucket (scope, metric, grain, bucket_start, dimension, value) VALUES (?, ?, ?, ?, ?, 1)',
      [scope, metric, grain, at, ''],
    );
  }

  it('deletes minute buckets before the retention, in every scope and metric, and keeps the rest', async () => {
    const config = Object.assign(new CockpitConfig(), { MINUTE_BUCKET_RETENTION_DAYS: 7 });
    const keptSince = minuteBucketsKeptSince(now, 7);
    expect(keptSince.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    const before = new Date(keptSince.getTime() - 60_000);
    for (const scope of ['district', '3101200001']) {
      for (const metric of ['session.started', 'auth.rejected']) {
        await bucket(scope, metric, 'minute', before);
        await bucket(scope, metric, 'minute', new Date(before.getTime() - 30 * DAY_MS));
        await bucket(scope, metric, 'minute', keptSince);
        await bucket(scope, metric, 'hour', new Date(before.getTime() - 30 * DAY_MS));
        await bucket(scope, metric, 'day', new Date(before.getTime() - 30 * DAY_MS));
      }
    }

    const retention = new MinuteBucketRetention(dataSource, config);
    expect(await retention.purge(now)).toBe(8);
    const left = (await dataSource.query(
      'SELECT grain, COUNT(*) AS n, MIN(bucket_start) AS oldest FROM indicator_bucket GROUP BY grain ORDER BY grain',
    )) as Array<{ grain: string; n: string | number; oldest: Date }>;
    expect(left.map((row) => [row.grain, Number(row.n)])).toEqual([
      ['day', 4],
      ['hour', 4],
      ['minute', 4],
    ]);
    expect(new Date(left.find((row) => row.grain === 'minute')!.oldest).getTime()).toBe(keptSince.getTime());
    expect(await retention.purge(now)).toBe(0);
  });
});
