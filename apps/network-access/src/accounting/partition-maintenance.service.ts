import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runOnceAcrossInstances } from '@edubase/persistence';
import {
  FUTURE_PARTITION,
  monthlyPartitionClause,
  monthStart,
  partitionName,
  SESSION_TABLE,
} from '../database/partitions';
import { NetworkAccessConfig } from '../network-access.config';

interface PartitionRow {
  name: string;
  /** For RANGE COLUMNS on a datetime: `'2026-03-01 00:00:00'` or `MAXVALUE`. */
  bound: string;
}

export interface MaintenanceReport {
  created: string[];
  dropped: string[];
  kept: string[];
}

const MONTHS_AHEAD = 3;

/**
 * Keeps `session`'s monthly partitions: creates the coming months ahead of time and drops whole partitions
 * whose every row is past retention (网络安全法 Art. 21: at least 180 days). A partition is dropped only if
 * its upper bound is at or before the cutoff and no session in it ended (or is still open) after the
 * cutoff, so no row younger than retention is ever removed.
 */
@Injectable()
export class PartitionMaintenanceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Partitions');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NetworkAccessConfig,
  ) {}

  onModuleInit(): void {
    const hours = this.config.PARTITION_MAINTENANCE_INTERVAL_HOURS;
    if (hours === 0) return;
    const run = (): void => {
      // Every replica schedules it; one at a time runs it (two REORGANIZE/DROP PARTITIONs would collide).
      runOnceAcrossInstances(this.dataSource, 'session-partitions', () => this.maintain(new Date())).catch(
        (error: Error) => this.logger.error(`partition maintenance failed: ${error.message}`),
      );
    };
    setImmediate(run);
    this.timer = setInterval(run, hours * 3600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async partitions(): Promise<PartitionRow[]> {
    return this.dataSource.query(
      `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS bound
         FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PARTITION_NAME IS NOT NULL
        ORDER BY PARTITION_ORDINAL_POSITION`,
      [SESSION_TABLE],
    );
  }

  async maintain(now: Date): Promise<MaintenanceReport> {
    const created = await this.createAhead(now);
    const { dropped, kept } = await this.purge(now);
    if (created.length || dropped.length) {
      this.logger.log(
        `session partitions: created ${created.join(',') || '-'}, dropped ${dropped.join(',') || '-'}`,
      );
    }
    return { created, dropped, kept };
  }

  private async createAhead(now: Date): Promise<string[]> {
    const existing = new Set((await this.partitions()).map((row) => row.name));
    const bounds = (await this.partitions())
      .filter((row) => row.bound !== 'MAXVALUE')
      .map((row) => boundDate(row.bound));
    const lastBound = bounds.length
      ? new Date(Math.max(...bounds.map((bound) => bound.getTime())))
      : monthStart(now);
    const wanted: Date[] = [];
    for (let month = lastBound; month <= monthStart(now, MONTHS_AHEAD); month = monthStart(month, 1)) {
      if (!existing.has(partitionName(month))) wanted.push(month);
    }
    if (wanted.length === 0) return [];
    await this.dataSource.query(
      `ALTER TABLE \`${SESSION_TABLE}\` REORGANIZE PARTITION \`${FUTURE_PARTITION}\` INTO (
        ${wanted.map(monthlyPartitionClause).join(',\n')},
        PARTITION \`${FUTURE_PARTITION}\` VALUES LESS THAN (MAXVALUE))`,
    );
    return wanted.map(partitionName);
  }

  private async purge(now: Date): Promise<{ dropped: string[]; kept: string[] }> {
    const cutoff = new Date(now.getTime() - this.config.SESSION_RETENTION_DAYS * 86_400_000);
    const dropped: string[] = [];
    const kept: string[] = [];
    for (const partition of await this.partitions()) {
      if (partition.bound === 'MAXVALUE' || boundDate(partition.bound) > cutoff) continue;
      const younger: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM \`${SESSION_TABLE}\` PARTITION (\`${partition.name}\`)
          WHERE stopped_at IS NULL OR stopped_at >= ? LIMIT 1`,
        [cutoff],
      );
      if (younger.length > 0) {
        kept.push(partition.name);
        continue;
      }
      await this.dataSource.query(`ALTER TABLE \`${SESSION_TABLE}\` DROP PARTITION \`${partition.name}\``);
      dropped.push(partition.name);
    }
    return { dropped, kept };
  }
}

function boundDate(bound: string): Date {
  // information_schema quotes the literal: '2026-03-01' or '2026-03-01 00:00:00'.
  const literal = bound.replace(/'/g, '').trim();
  return new Date(`${literal.slice(0, 10)}T00:00:00Z`);
}
