import { decodeEnvelope, Topic } from '@edubase/contracts';
import type { Batch, EachBatchPayload } from 'kafkajs';
import { isDependencyUnavailable } from '@edubase/http';
import { BackoffPolicy, backoffDelay, sleep } from '../backoff';
import { logicalTopicName } from '../kafka/kafka-client';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import type { DecodedMessage } from './event-handler';
import type { TransactionalRunApplier } from './transactional-run';

export interface PartitionBatchProcessorOptions {
  topicPrefix: string;
  /** Messages applied per database transaction on the fast path. */
  transactionBatchSize: number;
  /**
   * Handler attempts before a message is dead-lettered as poison. Failures because the database (or a
   * broker) is unavailable do not count: the message is retried until it is back.
   */
  maxAttempts: number;
  retryBackoff: BackoffPolicy;
  runs: TransactionalRunApplier;
  deadLetters: DeadLetterPublisher;
  /** Aborted when the consumer stops: retries end and the message is left for redelivery. */
  stopSignal: AbortSignal;
  onError?: (error: Error, where: string) => void;
}

/**
 * What the consumer does with each batch kafkajs fetched from one partition: decodes it, applies it in runs
 * of `transactionBatchSize` per transaction, isolates and dead-letters what cannot be applied, and resolves
 * offsets only after the transaction that applied them committed.
 */
export class PartitionBatchProcessor {
  constructor(private readonly options: PartitionBatchProcessorOptions) {}

  async process(payload: EachBatchPayload): Promise<void> {
    const {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
      isRunning,
      isStale,
    } = payload;
    const topic = logicalTopicName(batch.topic, this.options.topicPrefix);
    // A dead letter is not idempotent like the projection: commit its offset at once, so a rebalance or
    // restart right after it does not send the same message to the DLQ again.
    const commitNow = () => commitOffsetsIfNecessary(uncommittedOffsets());
    let pending: DecodedMessage[] = [];
    const applyPending = async (): Promise<void> => {
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      const deadLettered = await this.applyInOrder(batch, topic as Topic, items, resolveOffset, heartbeat);
      await (deadLettered > 0 ? commitNow() : commitOffsetsIfNecessary());
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const decoded = decodeEnvelope(topic, message.value);
      if (!decoded.ok) {
        await applyPending();
        await this.options.deadLetters.publish(batch, message, 'invalid', decoded.error, 0);
        resolveOffset(message.offset);
        await commitNow();
        continue;
      }
      pending.push({ message, envelope: decoded.envelope });
      if (pending.length >= this.options.transactionBatchSize) await applyPending();
    }
    if (isRunning() && !isStale()) await applyPending();
    await commitOffsetsIfNecessary();
  }

  /**
   * Fast path: the whole run in one transaction. If any handler throws, that transaction rolls back and the
   * run is replayed one message per transaction, so only the poison message is retried and dead-lettered.
   * Returns how many messages were dead-lettered.
   */
  private async applyInOrder(
    batch: Batch,
    topic: Topic,
    items: DecodedMessage[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    const { runs, stopSignal, maxAttempts, retryBackoff, onError } = this.options;
    let batchError: unknown;
    try {
      await runs.apply(batch, topic, items);
      resolveOffset(items[items.length - 1]!.message.offset);
      return 0;
    } catch (error) {
      batchError = error;
      if (items.length === 1) onError?.(error as Error, `handler for ${batch.topic}`);
    }
    let deadLettered = 0;
    for (const [index, item] of items.entries()) {
      // The first message was just attempted inside the batch when it is the only one.
      const triedInBatch = items.length === 1 && index === 0;
      // `attempts` counts failures of the message itself (towards maxAttempts); `tries` every failure, for
      // the back-off. A database that is down is no fault of the message: dead-lettering it would lose the
      // event for good, so it is retried, however long, until the database is back.
      let attempts = triedInBatch && !isDependencyUnavailable(batchError) ? 1 : 0;
      let tries = triedInBatch ? 1 : 0;
      let lastError: Error | null = null;
      for (;;) {
        try {
          if (tries > 0) await sleep(backoffDelay(tries, retryBackoff), stopSignal);
          if (stopSignal.aborted) throw new Error('consumer stopping; message left for redelivery');
          await runs.apply(batch, topic, [item]);
          lastError = null;
          break;
        } catch (error) {
          lastError = error as Error;
          tries += 1;
          if (stopSignal.aborted) throw lastError;
          const unavailable = isDependencyUnavailable(lastError);
          if (!unavailable) attempts += 1;
          onError?.(
            lastError,
            unavailable
              ? `handler for ${batch.topic} (a dependency is unavailable; retrying until it is back)`
              : `handler for ${batch.topic} (attempt ${attempts})`,
          );
          if (attempts >= maxAttempts) break;
          await heartbeat();
        }
      }
      if (lastError) {
        await this.options.deadLetters.publish(batch, item.message, 'poison', lastError.message, attempts);
        deadLettered += 1;
      }
      resolveOffset(item.message.offset);
    }
    return deadLettered;
  }
}
