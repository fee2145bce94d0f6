import type { EventEnvelope, Topic } from '@edubase/contracts';
import type { Batch } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { DecodedMessage, RegisteredHandler } from './event-handler';
import { AlreadyProcessed, ProcessedEventLedger } from './processed-event-ledger';
import { callHandlerTraced } from './traced-handler-call';

export interface TransactionalRunOptions {
  dataSource: DataSource;
  groupId: string;
  metrics: MessagingMetrics;
  onCommitted?: (envelopes: EventEnvelope[]) => void;
  onError?: (error: Error, where: string) => void;
}

/**
 * Applies a run of one partition in one transaction together with the rows that mark its event ids as
 * processed; ids already processed by this group (a redelivery) are skipped, not applied again. Hooks the
 * handlers queued with `Delivery.afterCommit` run once that transaction has committed.
 */
export class TransactionalRunApplier {
  private readonly ledger: ProcessedEventLedger;

  constructor(
    private readonly options: TransactionalRunOptions,
    private readonly handlerOf: (topic: Topic) => RegisteredHandler | undefined,
  ) {
    this.ledger = new ProcessedEventLedger(options.groupId);
  }

  /** Throws (after rolling back) what a handler threw. */
  async apply(batch: Batch, topic: Topic, items: DecodedMessage[]): Promise<void> {
    const handler = this.handlerOf(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const unique = this.ledger.withoutRepeats(items);
    const { dataSource, groupId, metrics } = this.options;
    let applied: DecodedMessage[];
    // Filled by each attempt afresh: the hooks of a rolled-back attempt are dropped with it.
    let committed: Array<() => void> = [];
    try {
      applied = await dataSource.transaction((manager) =>
        this.claimAndApply(manager, batch, topic, handler, unique, 'optimistic', committed),
      );
    } catch (error) {
      if (!(error instanceof AlreadyProcessed)) throw error;
      committed = [];
      applied = await dataSource.transaction((manager) =>
        this.claimAndApply(manager, batch, topic, handler, unique, 'checked', committed),
      );
    }
    for (const callback of committed) {
      try {
        callback();
      } catch (error) {
        this.options.onError?.(error as Error, `after-commit hook for ${batch.topic}`);
      }
    }
    const duplicates = items.length - applied.length;
    if (applied.length > 0) metrics.consumed.inc({ group: groupId, topic }, applied.length);
    if (duplicates > 0) metrics.duplicatesSkipped.inc({ group: groupId, topic }, duplicates);
    if (applied.length > 0) this.options.onCommitted?.(applied.map((item) => item.envelope));
  }

  /**
   * Inside the transaction: records the ids as processed, then runs the handler on the new events.
   * `optimistic` claims every id with one statement and gives up (rolling back) if any was already there;
   * `checked` looks them up first and claims only the new ones.
   */
  private async claimAndApply(
    manager: EntityManager,
    batch: Batch,
    topic: Topic,
    handler: RegisteredHandler,
    items: DecodedMessage[],
    mode: 'optimistic' | 'checked',
    committed: Array<() => void>,
  ): Promise<DecodedMessage[]> {
    const processedAt = new Date();
    let fresh = items;
    if (mode === 'optimistic') await this.ledger.claimAll(manager, topic, items, processedAt);
    else fresh = await this.ledger.claimNew(manager, topic, items, processedAt);
    if (fresh.length === 0) return fresh;
    const afterCommit = (callback: () => void): void => {
      committed.push(callback);
    };
    await callHandlerTraced(handler, batch, fresh, manager, this.options.groupId, afterCommit);
    return fresh;
  }
}
