import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `sent_at` of a row not sent yet: the smallest DATETIME, never a real send time. A placeholder instead of
 * NULL lets "mark sent" overwrite the value in place (see OutboxUnsentPlaceholder1795878494894).
 */
export const UNSENT_PLACEHOLDER = '1000-01-01 00:00:00.000';

/** One event waiting for (or already handed to) Kafka; written in the transaction of the state change. */
@Entity({ name: 'outbox_event' })
@Index('IDX_outbox_event_sent_at_id', ['sentAt', 'id'])
export class OutboxEventEntity {
  /** Insertion order is publication order; bigint arrives as a string (bigNumberStrings). */
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'event_id', type: 'char', length: 36 })
  eventId!: string;

  /** Catalog topic name (without any test prefix). */
  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  /** Kafka message key: every event of one aggregate lands on one partition, in order. */
  @Column({ name: 'aggregate_key', type: 'varchar', length: 200 })
  aggregateKey!: string;

  /** The serialized envelope, sent to Kafka byte for byte. */
  @Column({ type: 'longtext' })
  payload!: string;

  /** W3C trace context (traceparent/tracestate) captured at publish time, as JSON. */
  @Column({ type: 'text', nullable: true })
  headers!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** When the relay handed the row to Kafka; UNSENT_PLACEHOLDER until then. */
  @Column({ name: 'sent_at', type: 'datetime', precision: 3, default: () => `'${UNSENT_PLACEHOLDER}'` })
  sentAt!: Date;
}
