import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runOnceAcrossInstances } from '@edubase/persistence';
import { NetworkAccessConfig } from '../../network-access.config';
import {
  dayPartitionClause,
  dayPartitionName,
  dayStart,
  NAT_FUTURE_PARTITION,
  NAT_TABLES,
  NatTable,
} from './nat-partitions';

interface PartitionRow {
  name: string;
  bound: string;
}

export interface NatMaintenanceReport {
  created: string[];
  dropped: string[];
}

const DAYS_AHEAD = 7;

/**
 * Keeps the NAT tables' daily partitions: days ahead are created in time, and a day is dropped only when it
 * can no longer answer a question about a moment within retention — its end is before now − retention −
 * the lookback (a translation logged then could still be the one in force at the retention boundary).
 * `now` is a parameter so tests drive it with a controlled clock.
 */
@Injectable()
export class NatPartitionMaintenanceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NatPartitions');
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
      runOnceAcrossInstances(this.dataSource, 'nat-partitions', () => this.maintain(new Date())).catch(
        (error: Error) => this.logger.error(`NAT partition maintenance failed: ${error.message}`),
      );
    };
    setImmediate(run);
    this.timer = setInterval(run, hours * 3600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The oldest moment whose rows must stay: retention plus the longest lookback before it. */
  cutoff(now: Date): Date {
    const lookbackDays = Math.max(
      this.config.NAT_BLOCK_LOOKBACK_DAYS,
      this.config.NAT_SESSION_LOOKBACK_HOURS / 24,
    );
    return new Date(now.getTime() - (this.config.NAT_RETENTION_DAYS + lookbackDays) * 86_400_000);
  }

  async maintain(now: Date): Promise<NatMaintenanceReport> {
    const report: NatMaintenanceReport = { created: [], dropped: [] };
    for (const table of NAT_TABLES) {
      report.created.push(...(await this.ensureDays(table, dayStart(now), dayStart(now, DAYS_AHEAD))));
      report.dropped.push(...(await this.purge(table, this.cutoff(now))));
    }
    if (report.created.length || report.dropped.length) {
      this.logger.log(
        `NAT partitions: created ${report.created.length}, dropped ${report.dropped.join(',') || '-'}`,
      );
    }
    return report;
  }

  async partitions(table: NatTable): Promise<PartitionRow[]> {
    return this.dataSource.query(
      `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS bound FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PARTITION_NAME IS NOT NULL
        ORDER BY PARTITION_ORDINAL_POSITION`,
      [table],
    );
  }

  /**
   * Daily partitions for every day in [from, to]: days after the last are split off `p_future`, days before
   * the first are split off the first (which also holds anything older). Used ahead of time and to load
   * history (the bench's 180 days).
   */
  async ensureDays(table: NatTable, from: Date, to: Date): Promise<string[]> {
    const days = (await this.partitions(table)).filter((row) => row.bound !== 'MAXVALUE');
    const bounds = days.map((row) => boundDate(row.bound));
    const created: string[] = [];
    const first = days[0];
    if (first) {
      const firstDay = dayStart(boundDate(first.bound), -1);
      const earlier: Date[] = [];
      for (let day = dayStart(from); day < firstDay; day = dayStart(day, 1)) earlier.push(day);
      if (earlier.length > 0) {
        await this.dataSource.query(
          `ALTER TABLE \`${table}\` REORGANIZE PARTITION \`${first.name}\` INTO (
            ${earlier.map(dayPartitionClause).join(',\n')},
            PARTITION \`${first.name}\` VALUES LESS THAN ('${first.bound.replace(/'/g, '').slice(0, 10)}'))`,
        );
        created.push(...earlier.map(dayPartitionName));
      }
    }
    const last = bounds.length
      ? new Date(Math.max(...bounds.map((bound) => bound.getTime())))
      : dayStart(from);
    const later: Date[] = [];
    for (let day = last; day <= dayStart(to); day = dayStart(day, 1)) later.push(day);
    if (later.length > 0) {
      await this.dataSource.query(
        `ALTER TABLE \`${table}\` REORGANIZE PARTITION \`${NAT_FUTURE_PARTITION}\` INTO (
          ${later.map(dayPartitionClause).join(',\n')},
          PARTITION \`${NAT_FUTURE_PARTITION}\` VALUES LESS THAN (MAXVALUE))`,
      );
      created.push(...later.map(dayPartitionName));
    }
    return created;
  }

  private async purge(table: NatTable, cutoff: Date): Promise<string[]> {
    const expired = (await this.partitions(table)).filter(
      (row) => row.bound !== 'MAXVALUE' && boundDate(row.bound) <= cutoff,
    );
    const all = await this.partitions(table);
    // MariaDB keeps at least one partition besides p_future; the youngest expired one then stays (empty soon).
    const droppable = expired.length >= all.length - 1 ? expired.slice(0, -1) : expired;
    if (droppable.length === 0) return [];
    await this.dataSource.query(
      `ALTER TABLE \`${table}\` DROP PARTITION ${droppable.map((row) => `\`${row.name}\``).join(', ')}`,
    );
    return droppable.map((row) => `${table}.${row.name}`);
  }
}

function boundDate(bound: string): Date {
  return new Date(`${bound.replace(/'/g, '').trim().slice(0, 10)}T00:00:00Z`);
}
