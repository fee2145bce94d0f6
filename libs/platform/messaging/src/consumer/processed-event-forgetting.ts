import { firstEventIdBytesAt } from '@edubase/contracts';
import type { DataSource } from 'typeorm';
import { DAY_MS } from './consumer-options';
import type { WriteResult } from './processed-event-ledger';

/** Rows deleted per statement when forgetting processed ids: short statements never hold up the consumer. */
const FORGET_CHUNK = 5_000;

export interface ProcessedEventForgettingOptions {
  dataSource: DataSource;
  groupId: string;
  /** Age beyond which an id is deleted; `Infinity` keeps every id. */
  afterMs: number;
  intervalMs: number;
  onError?: (error: Error, where: string) => void;
}

/**
 * Deletes a group's old processed ids on a timer while its consumer runs, so `processed_event` does not
 * grow by one row per event for ever (see `EventConsumerOptions.forgetProcessedAfterMs` for how long ids
 * must be kept).
 */
export class ProcessedEventForgetting {
  private timer: NodeJS.Timeout | null = null;
  private forgetting: Promise<unknown> | null = null;
  private stopController = new AbortController();

  constructor(private readonly options: ProcessedEventForgettingOptions) {}

  start(): void {
    this.stopController = new AbortController();
    if (!Number.isFinite(this.options.afterMs)) return;
    this.timer = setInterval(() => {
      this.forgetting ??= this.forget()
        .catch((error: Error) => this.options.onError?.(error, 'forgetting processed event ids'))
        .finally(() => (this.forgetting = null));
    }, this.options.intervalMs);
    // Housekeeping must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  /** Stops the timer and waits for a round under way, which gives up after its current statement. */
  async stop(): Promise<void> {
    this.stopController.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.forgetting;
  }

  /** Deletes the group's ids older than `afterMs` (or than `before`), in short statements; returns how many. */
  async forget(before = new Date(Date.now() - this.options.afterMs)): Promise<number> {
    // Kept for ever: Date.now() - Infinity is no date.
    if (Number.isNaN(before.getTime())) return 0;
    // UUIDv7 ids made before `before` are the start of the group's key. Ids of other versions are spread over
    // the whole key; those above every UUIDv7 made so far are looked at too (a range of them alone), which
    // leaves only the few that happen to fall among the last days' UUIDv7 ids. processed_at decides.
    const madeBefore = await this.forgetInRange(before, null, firstEventIdBytesAt(before.getTime()));
    if (this.stopController.signal.aborted) return madeBefore;
    return madeBefore + (await this.forgetInRange(before, firstEventIdBytesAt(Date.now() + DAY_MS), null));
  }

  private async forgetInRange(before: Date, from: Buffer | null, below: Buffer | null): Promise<number> {
    const { dataSource, groupId } = this.options;
    const bounds = [...(from ? ['event_id >= ?'] : []), ...(below ? ['event_id < ?'] : [])].join(' AND ');
    let forgotten = 0;
    for (;;) {
      // Found by a key range without locks, then deleted by key: a DELETE with the same WHERE would lock
      // every row it reads while the consumer inserts new ones.
      const old = (await dataSource.query(
        `SELECT event_id AS eventId FROM processed_event
          WHERE consumer_group = ? AND ${bounds} AND processed_at < ? ORDER BY event_id LIMIT ${FORGET_CHUNK}`,
        [groupId, ...(from ? [from] : []), ...(below ? [below] : []), before],
      )) as Array<{ eventId: Buffer }>;
      if (old.length === 0) return forgotten;
      const result = (await dataSource.query(
        'DELETE FROM processed_event WHERE consumer_group = ? AND event_id IN (?) AND processed_at < ?',
        [groupId, old.map((row) => row.eventId), before],
      )) as WriteResult;
      forgotten += result.affectedRows;
      // stop() waits for this: a backlog of old ids is left for the next run rather than holding it up.
      if (old.length < FORGET_CHUNK || this.stopController.signal.aborted) return forgotten;
    }
  }
}
