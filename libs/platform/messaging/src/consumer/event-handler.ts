import type { EventEnvelope, Topic } from '@edubase/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { EntityManager } from 'typeorm';

/** Where a delivered message came from (handlers rarely need it, logs and tests do), and its commit hook. */
export interface Delivery {
  kafkaTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /**
   * Runs `callback` once the transaction applying this event has committed, and never if it rolls back
   * (a failed run is replayed, calling the handler again). For effects outside the database, such as a
   * packet to a network device, which a replay must not repeat. Errors go to `onError`.
   */
  afterCommit(callback: () => void): void;
}

/**
 * A projection step. It runs inside the transaction that also records the event id as processed: write
 * through `manager` only, and throw to reject (the event is retried, then dead-lettered).
 */
export type EventHandler<T extends Topic> = (
  envelope: EventEnvelope<T>,
  manager: EntityManager,
  delivery: Delivery,
) => Promise<void>;

/**
 * A projection step for a run of events of one topic (in partition order, duplicates already removed):
 * one call per database transaction, so the handler can write them with a few multi-row statements
 * instead of a round trip per event. The same rules as `EventHandler` apply: write through `manager` only,
 * and throw to reject (the run is then replayed one event per call, to retry and dead-letter only the
 * poison event). `deliveries[i]` belongs to `envelopes[i]`.
 */
export type BatchEventHandler<T extends Topic> = (
  envelopes: EventEnvelope<T>[],
  manager: EntityManager,
  deliveries: Delivery[],
) => Promise<void>;

/**
 * A handler as the consumer keeps it, its envelope type widened to any topic: safe, since a message
 * reaches it only after `decodeEnvelope` validated it against the handler's own topic.
 */
export type RegisteredHandler =
  | {
      kind: 'each';
      handle: (envelope: EventEnvelope, manager: EntityManager, delivery: Delivery) => Promise<void>;
    }
  | {
      kind: 'batch';
      handle: (envelopes: EventEnvelope[], manager: EntityManager, deliveries: Delivery[]) => Promise<void>;
    };

/** A Kafka message and the envelope decoded (and validated) from it. */
export interface DecodedMessage {
  message: KafkaMessage;
  envelope: EventEnvelope;
}
