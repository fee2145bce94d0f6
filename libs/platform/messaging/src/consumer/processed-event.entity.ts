import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Marks an event as applied by a consumer group; written in the same transaction as its projection. The
 * consumer reads and writes it with SQL of its own (ids as 16 bytes); the entity declares the schema.
 */
@Entity({ name: 'processed_event' })
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'varchar', length: 150 })
  consumerGroup!: string;

  /** The event id's 16 bytes; UUIDv7 ids (`newEventId`) put the key in time order. */
  @PrimaryColumn({ name: 'event_id', type: 'binary', length: 16 })
  eventId!: Buffer;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3 })
  processedAt!: Date;
}
