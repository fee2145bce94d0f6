import { DataSource, EntityManager } from 'typeorm';

export interface GroupCommitOptions<T> {
  /** Most operations per transaction. */
  maxBatch: number;
  /**
   * Transactions in flight at once (default 1). Above 1, the next batch starts while earlier ones commit,
   * but only with operations whose `conflictKeys` no in-flight transaction holds.
   */
  maxInFlight?: number;
  /**
   * What an operation reads or writes: operations sharing a key never run in concurrent transactions, so
   * each sees the committed result of the one before. `null` is a barrier: it runs alone, after everything
   * before it and before everything after it. Without this function every operation is a barrier.
   */
  conflictKeys?(operation: T): readonly string[] | null;
  onError?(error: unknown): void;
  /** A transaction failed and rolled back (its operations are then retried one by one). */
  onRollback?(): void;
}

/**
 * Applies a whole batch inside one transaction and returns one result per operation, in order. It should
 * cost a constant number of statements whatever the batch size: that is what makes group commit pay.
 * `afterCommit` registers work that may only happen once the transaction committed (and never if it did
 * not), such as caching what it wrote; it runs before any caller is answered.
 */
export type ApplyBatch<T, R> = (
  manager: EntityManager,
  operations: readonly T[],
  afterCommit: (callback: () => void) => void,
) => Promise<R[]>;

interface Queued<T, R> {
  operation: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: operations queued while a transaction is running are applied together in the next one
 * (whatever is queued, up to `maxBatch`), in arrival order, and each caller's promise settles only after
 * that transaction committed: nothing is acknowledged before it is durable, and one fsync covers many
 * RADIUS packets. With `maxInFlight` > 1 the next batch is applied while the previous one commits, limited
 * to operations that touch none of its keys (the first conflicting operation and everything after it wait).
 * If a batch fails, its operations are retried one per transaction so a single bad one fails alone.
 */
export class GroupCommitter<T, R> {
  private queue: Queued<T, R>[] = [];
  private inFlight = 0;
  /** Keys held by in-flight transactions, with how many hold each. */
  private readonly busyKeys = new Map<string, number>();
  private barrierInFlight = false;
  private pumpScheduled = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: (() => void) | null = null;
  private readonly maxInFlight: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly applyBatch: ApplyBatch<T, R>,
    private readonly options: GroupCommitOptions<T>,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  submit(operation: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ operation, resolve, reject });
      if (!this.markIdle) this.idle = new Promise((done) => (this.markIdle = done));
      this.schedulePump();
    });
  }

  /** Resolves when everything queued so far is settled. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  get queued(): number {
    return this.queue.length;
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.inFlight >= this.maxInFlight) return;
    this.pumpScheduled = true;
    // On the next turn of the event loop, so datagrams read in the same poll phase share a transaction.
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight && !this.barrierInFlight) {
      const batch = this.take();
      if (!batch) break;
      this.inFlight += 1;
      void this.commit(batch.items).finally(() => {
        this.inFlight -= 1;
        if (batch.keys === null) this.barrierInFlight = false;
        else {
          for (const key of batch.keys) {
            const holders = this.busyKeys.get(key)! - 1;
            if (holders === 0) this.busyKeys.delete(key);
            else this.busyKeys.set(key, holders);
          }
        }
        if (this.queue.length > 0) this.pump();
        else if (this.inFlight === 0) {
          this.markIdle?.();
          this.markIdle = null;
        }
      });
    }
  }

  /** The next batch from the head of the queue that may run now, with the keys it holds (null: barrier). */
  private take(): { items: Queued<T, R>[]; keys: Set<string> | null } | undefined {
    const keysOf = this.options.conflictKeys;
    const head = this.queue[0]!;
    const headKeys = keysOf ? keysOf(head.operation) : null;
    if (headKeys === null) {
      if (this.inFlight > 0) return undefined;
      this.queue.shift();
      this.barrierInFlight = true;
      return { items: [head], keys: null };
    }
    const keys = new Set<string>();
    let count = 0;
    for (; count < this.queue.length && count < this.options.maxBatch; count += 1) {
      const operationKeys = count === 0 ? headKeys : keysOf!(this.queue[count]!.operation);
      if (operationKeys === null || operationKeys.some((key) => this.busyKeys.has(key))) break;
      for (const key of operationKeys) keys.add(key);
    }
    if (count === 0) return undefined;
    const items = count === this.queue.length ? this.queue : this.queue.splice(0, count);
    if (items === this.queue) this.queue = [];
    for (const key of keys) this.busyKeys.set(key, (this.busyKeys.get(key) ?? 0) + 1);
    return { items, keys };
  }

  private async commit(batch: Queued<T, R>[]): Promise<void> {
    const committed: Array<() => void> = [];
    let results: R[];
    try {
      const operations = batch.map((item) => item.operation);
      results = await this.dataSource.transaction(async (manager) => {
        const applied = await this.applyBatch(manager, operations, (callback) => committed.push(callback));
        // Checked before COMMIT: a mismatch rolls the batch back instead of acknowledging the wrong callers.
        if (applied.length !== operations.length) {
          throw new Error(`group commit: ${applied.length} results for ${operations.length} operations`);
        }
        return applied;
      });
    } catch (error) {
      this.options.onRollback?.();
      if (batch.length === 1) {
        this.options.onError?.(error);
        batch[0]!.reject(error);
        return;
      }
      for (const item of batch) await this.commit([item]);
      return;
    }
    // Committed: a failing callback must not send the batch to the retry path and apply it twice.
    for (const callback of committed) {
      try {
        callback();
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    batch.forEach((item, index) => item.resolve(results[index]!));
  }
}
