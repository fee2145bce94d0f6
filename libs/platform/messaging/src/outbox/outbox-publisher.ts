import { Actor, buildEnvelope, EventEnvelope, PayloadOf, Topic, validateEnvelope } from '@edubase/contracts';
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
  /**
   * The trace this event continues (W3C traceparent/tracestate). Defaults to the active span's: set it when
   * one write holds the events of several requests (a batch of RADIUS packets), each with its own trace.
   */
  traceHeaders?: Record<string, string> | null;
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
    const active = captureTraceHeaders();
    const activeHeaders = active ? JSON.stringify(active) : null;
    const headersOf = (event: PublishOptions): string | null =>
      event.traceHeaders === undefined
        ? activeHeaders
        : event.traceHeaders === null
          ? null
          : JSON.stringify(event.traceHeaders);
    const now = new Date();
    const envelopes = events.map((event) =>
      buildEnvelope(topic, event.data, {
        source: this.source,
        schoolCode: event.schoolCode ?? null,
        // Only what the envelope schema holds: callers may pass a richer actor (ChangeActor's 工号).
        ...(event.actor ? { actor: { id: event.actor.id, kind: event.actor.kind } } : {}),
        ...(event.eventId ? { id: event.eventId } : {}),
        occurredAt: event.occurredAt ?? now,
      }),
    );
    // The compiler checks the payload's type, not its runtime shape (a tinyint read back as 0 is still
    // "boolean" to TypeScript). Refusing here fails the producer's transaction instead of dead-lettering
    // the event at every consumer.
    for (const envelope of envelopes) {
      const validation = validateEnvelope(topic, envelope);
      if (!validation.ok) throw new InvalidEventError(topic, validation.error);
    }
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
          headersOf(events[index]!),
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

/** A producer tried to publish an event its own contract rejects: a bug in the producer, never input. */
export class InvalidEventError extends Error {
  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(`refusing to publish an invalid ${topic} event: ${reason}`);
    this.name = 'InvalidEventError';
  }
}
