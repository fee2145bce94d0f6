import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runOnceAcrossInstances } from '@edubase/persistence';
import { CockpitConfig } from '../cockpit.config';
import { bucketStart, grainMilliseconds } from '../projections/time-buckets';

const PURGE_INTERVAL_MS = 3600_000;
/** Rows per DELETE: short statements, so the projection's upserts never wait long. */
const DELETE_CHUNK = 10_000;

/** The first minute bucket still kept at `now` when minute buckets are kept `days` days. */
export function minuteBucketsKeptSince(now: Date, days: number): Date {
  return bucketStart(new Date(now.getTime() - days * grainMilliseconds.day), 'minute');
}

/**
 * Deletes minute buckets older than MINUTE_BUCKET_RETENTION_DAYS, hourly. Without it `indicator_bucket`
 * grows by a row per busy minute, scope, metric and dimension for ever, while the dashboard reads an hour of
 * them. Hour and day buckets stay. A rebuild writes old minute buckets again; the next run deletes them.
 */
@Injectable()
export class MinuteBucketRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MinuteBucketRetention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CockpitConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // Every replica schedules it; one at a time deletes.
      this.running ??= runOnceAcrossInstances(this.dataSource, 'minute-bucket-retention', () => this.purge())
        .catch((error: Error) => this.logger.warn(`deleting old minute buckets failed: ${error.message}`))
        .finally(() => (this.running = null));
    }, PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    // Shutdown waits for a run: it gives up between statements, the next start finishes the job.
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Deletes the minute buckets before the retention; returns how many. */
  async purge(now = new Date()): Promise<number> {
    const keptSince = minuteBucketsKeptSince(now, this.config.MINUTE_BUCKET_RETENTION_DAYS);
    // Deleted per (scope, metric), a prefix of the primary key, so each DELETE reads and locks only the rows
    // it removes; the pairs come from the key itself (a loose index scan), not from the rows.
    const pairs = (await this.dataSource.query(
      'SELECT DISTINCT scope, metric FROM indicator_bucket',
    )) as Array<{ scope: string; metric: string }>;
    let deleted = 0;
    for (const { scope, metric } of pairs) {
      for (;;) {
        if (this.stopping) return deleted;
        const result = (await this.dataSource.query(
          `DELETE FROM indicator_bucket
            WHERE scope = ? AND metric = ? AND grain = 'minute' AND bucket_start < ? LIMIT ${DELETE_CHUNK}`,
          [scope, metric, keptSince],
        )) as { affectedRows: number };
        deleted += result.affectedRows;
        if (result.affectedRows < DELETE_CHUNK) break;
      }
    }
    return deleted;
  }
}
