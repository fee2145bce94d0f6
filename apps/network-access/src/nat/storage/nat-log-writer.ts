import { hash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { natMetrics } from '../ingest/nat-metrics';
import type { NatBlockRecord, NatSessionRecord, ParsedNatLine } from '../parsing/nat-record';

/** The longest device name stored (`device` is varchar(64)). */
const DEVICE_LENGTH = 64;

/**
 * A line's identity: MD5 of its device (as stored) and its text. With `logged_at` it is the tables' unique
 * key, so the same line from the same device is stored once, whichever connection or datagram brought it
 * (a batch resent because its acknowledgement was lost). The migration computes the same in SQL.
 */
export function natLineHash(device: string, line: string): Buffer {
  return hash('md5', `${device}\n${line}`, 'buffer');
}

/**
 * Rows of a multi-row `INSERT … ON DUPLICATE KEY UPDATE id = id` that were already there, from the server's
 * "Records: n  Duplicates: d  Warnings: w" (affectedRows cannot tell: the driver asks for found rows).
 */
function duplicatesOf(result: unknown): number {
  const info = (result as { info?: unknown } | undefined)?.info;
  const match = typeof info === 'string' ? /Duplicates:\s*(\d+)/.exec(info) : null;
  return match ? Number(match[1]) : 0;
}

interface Waiting {
  records: ParsedNatLine[];
  resolve(): void;
  reject(error: Error): void;
}

export interface NatLogWriterOptions {
  batchSize: number;
  maxWaitMs: number;
  /** Batches being written at once; the next one is gathered meanwhile. */
  concurrency?: number;
}

/**
 * Writes NAT lines in batches: whatever is queued (up to `batchSize` lines, or what arrived within
 * `maxWaitMs`) goes in one transaction of at most two multi-row INSERTs, one per table. `write` resolves once
 * the transaction holding those lines committed, which is what a TCP connection's acknowledgement waits
 * for (see the README's "What acknowledged means").
 */
export class NatLogWriter {
  private queue: Waiting[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private closed = false;
  private readonly idle: Array<() => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: NatLogWriterOptions,
  ) {}

  write(records: ParsedNatLine[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('NAT log writer is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queued += records.length;
      if (this.queued >= this.options.batchSize) this.flushSoon(0);
      else this.flushSoon(this.options.maxWaitMs);
    });
  }

  /** Writes what is queued and waits for every batch in flight. */
  async drain(): Promise<void> {
    this.flushSoon(0);
    while (this.queue.length > 0 || this.inFlight > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  private flushSoon(delay: number): void {
    if (delay === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      setImmediate(() => this.flush());
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, delay);
    }
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < (this.options.concurrency ?? 2)) {
      const batch: Waiting[] = [];
      let lines = 0;
      while (
        this.queue.length > 0 &&
        (lines === 0 || lines + this.queue[0]!.records.length <= this.options.batchSize)
      ) {
        const next = this.queue.shift()!;
        batch.push(next);
        lines += next.records.length;
      }
      this.queued -= lines;
      this.inFlight += 1;
      this.writeBatch(batch.flatMap((waiting) => waiting.records))
        .then(
          () => batch.forEach((waiting) => waiting.resolve()),
          (error: Error) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          if (this.queue.length > 0) this.flush();
          else if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
        });
    }
  }

  private async writeBatch(records: ParsedNatLine[]): Promise<void> {
    const sessions = records.filter(
      (record): record is NatSessionRecord & ParsedNatLine => record.kind === 'session',
    );
    const blocks = records.filter(
      (record): record is NatBlockRecord & ParsedNatLine => record.kind === 'block',
    );
    let duplicates = 0;
    await this.dataSource.transaction(async (manager) => {
      duplicates =
        (await insertOnce(
          manager,
          'nat_session_log',
          ['logged_at', 'ended_at', 'public_ip', 'public_port', 'inside_ip', 'inside_port', 'protocol'],
          sessions,
          (r) => [r.at, r.endedAt, r.publicIp, r.publicPort, r.insideIp, r.insidePort, r.protocol],
        )) +
        (await insertOnce(
          manager,
          'nat_port_block_log',
          ['logged_at', 'event', 'public_ip', 'port_start', 'port_end', 'inside_ip'],
          blocks,
          (r) => [r.at, r.event, r.publicIp, r.portStart, r.portEnd, r.insideIp],
        ));
    });
    natMetrics.duplicates(duplicates);
  }
}

/**
 * One multi-row INSERT of `rows` into `table`: their own columns, then device, vendor, the line and its hash.
 * A line already there is skipped by the unique key (`ON DUPLICATE KEY UPDATE id = id`) rather than by
 * INSERT IGNORE, which would also turn a real error (a value out of range) into a warning and store
 * something else. Returns how many were already there.
 */
async function insertOnce<R extends ParsedNatLine>(
  manager: EntityManager,
  table: 'nat_session_log' | 'nat_port_block_log',
  columns: readonly string[],
  rows: readonly R[],
  valuesOf: (row: R) => unknown[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const all = [...columns, 'device', 'vendor', 'line', 'line_hash'];
  const placeholders = `(${all.map(() => '?').join(', ')})`;
  const result: unknown = await manager.query(
    `INSERT INTO ${table} (${all.join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}
     ON DUPLICATE KEY UPDATE id = id`,
    rows.flatMap((row) => {
      const device = row.device.slice(0, DEVICE_LENGTH);
      return [...valuesOf(row), device, row.vendor, row.line, natLineHash(device, row.line)];
    }),
  );
  return duplicatesOf(result);
}
