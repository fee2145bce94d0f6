import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event waiting for Kafka, written in the transaction of the state change. The relay deletes the row once
 * Kafka has it, so the table holds only the backlog (see OutboxDeleteOnceSent1795894195513).
 */
@Entity({ name: 'outbox_event' })
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
}
