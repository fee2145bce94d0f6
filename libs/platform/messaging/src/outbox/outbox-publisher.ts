import { Actor, buildEnvelope, EventEnvelope, PayloadOf, Topic } from '@edubase/contracts';
import { EntityManager } from 'typeorm';
import { captureTraceHeaders } from '../trace-context';
import { markOutboxPending } from './outbox-signal';

export interface PublishOptions {
  /** Kafka message key: events with the same key are delivered in publication order. */
  aggregateKey: string;
  schoolCode?: string | null;
  actor?: Actor;
  /** Defaults to now; set it when the event describes something that happened earlier. */
  occurredAt?: Date;
  /** Defaults to a random uuid. */
  eventId?: string;
}

/**
 * The typed producer of a service. `publish` writes the event into `outbox_event` through the caller's
 * EntityManager, so it commits or rolls back with the state change; the relay sends it afterwards.
 */
export class OutboxPublisher {
  constructor(readonly source: string) {}

  async publish<T extends Topic>(
    manager: EntityManager,
    topic: T,
    data: PayloadOf<T>,
    options: PublishOptions,
  ): Promise<EventEnvelope<T>> {
    const [envelope] = await this.publishMany(manager, topic, [{ data, ...options }]);
    return envelope!;
  }

  /** Several events of one topic in one INSERT, in the given order. */
  async publishMany<T extends Topic>(
    manager: EntityManager,
    topic: T,
    events: ReadonlyArray<{ data: PayloadOf<T> } & PublishOptions>,
  ): Promise<EventEnvelope<T>[]> {
    if (events.length === 0) return [];
    const headers = captureTraceHeaders();
    const serializedHeaders = headers ? JSON.stringify(headers) : null;
    const now = new Date();
    const envelopes = events.map((event) =>
      buildEnvelope(topic, event.data, {
        source: this.source,
        schoolCode: event.schoolCode ?? null,
        ...(event.actor ? { actor: event.actor } : {}),
        ...(event.eventId ? { id: event.eventId } : {}),
        occurredAt: event.occurredAt ?? now,
      }),
    );
    // One multi-row INSERT with plain parameters: the query builder's per-value bookkeeping costs more
    // than the statement itself at outbox volumes.
    await manager.query(
      'INSERT INTO outbox_event (event_id, topic, aggregate_key, payload, headers, created_at) VALUES ?',
      [
        envelopes.map((envelope, index) => [
          envelope.id,
          topic,
          events[index]!.aggregateKey,
          JSON.stringify(envelope),
          serializedHeaders,
          now,
        ]),
      ],
    );
    const queryRunner = manager.queryRunner;
    markOutboxPending(
      manager.connection,
      queryRunner?.data as Record<string, unknown> | undefined,
      queryRunner?.isTransactionActive ?? false,
    );
    return envelopes;
  }
}
