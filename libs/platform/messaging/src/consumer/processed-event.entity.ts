import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Marks an event as applied by a consumer group; written in the same transaction as its projection. */
@Entity({ name: 'processed_event' })
@Index('IDX_processed_event_processed_at', ['processedAt'])
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'varchar', length: 150 })
  consumerGroup!: string;

  /** MariaDB's UUID type (16 bytes); reads and writes as the usual string. */
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3 })
  processedAt!: Date;
}
