import { DataSource, EntityManager } from 'typeorm';

export interface GroupCommitOptions {
  /** Most operations per transaction. */
  maxBatch: number;
  onError?(error: unknown): void;
}

interface Queued<T, R> {
  operation: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: operations queued while a transaction is running are applied together in the next one,
 * in arrival order, and each caller's promise settles only after that transaction committed. One fsync then
 * covers many RADIUS packets, and nothing is acknowledged before it is durable. If a batch fails, its
 * operations are retried one per transaction so a single bad one fails alone.
 */
export class GroupCommitter<T, R> {
  private queue: Queued<T, R>[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly apply: (manager: EntityManager, operation: T) => Promise<R>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(operation: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ operation, resolve, reject });
      if (!this.running) this.drain();
    });
  }

  /** Resolves when everything queued so far is settled. */
  whenIdle(): Promise<void> {
    return this.running ? this.idle : Promise.resolve();
  }

  get queued(): number {
    return this.queue.length;
  }

  private drain(): void {
    this.running = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  private async commit(batch: Queued<T, R>[]): Promise<void> {
    try {
      const results = await this.dataSource.transaction(async (manager) => {
        const out: R[] = [];
        for (const item of batch) out.push(await this.apply(manager, item.operation));
        return out;
      });
      batch.forEach((item, index) => item.resolve(results[index]!));
    } catch (error) {
      if (batch.length === 1) {
        this.options.onError?.(error);
        batch[0]!.reject(error);
        return;
      }
      for (const item of batch) await this.commit([item]);
    }
  }
}
