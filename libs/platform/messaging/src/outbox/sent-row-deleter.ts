/**
 * Deletes relayed rows with as few statements as the database keeps up with: one DELETE at a time, covering
 * every id handed over while the previous one ran (a group commit). Under load that is a few large
 * statements, and fsyncs, instead of one per Kafka batch; when idle it is one per batch.
 */
export class SentRowDeleter {
  private pending: string[] = [];
  private running: Promise<void> | null = null;
  private failure: Error | null = null;

  /**
   * @param remove writes one DELETE (or a few) for the given ids, ascending
   * @param maxPending ids waiting beyond which `add` waits, so deleting never falls far behind sending
   */
  constructor(
    private readonly remove: (ids: string[]) => Promise<void>,
    private readonly maxPending: number,
  ) {}

  /** Queues ids (ascending, after every id queued before); resolves once the queue is short enough. */
  async add(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.pending.push(id);
    this.running ??= this.drain();
    if (this.pending.length > this.maxPending) await this.running;
  }

  /** Waits until every queued id is written; rejects with the first failure since the last settle. */
  async settle(): Promise<void> {
    await this.running;
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const ids = this.pending;
        this.pending = [];
        // A failed delete leaves the rows in place: they are sent again later and consumers skip the repeat.
        await this.remove(ids).catch((error: unknown) => {
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        });
      }
    } finally {
      this.running = null;
    }
  }
}
