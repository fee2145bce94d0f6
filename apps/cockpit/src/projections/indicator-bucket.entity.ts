import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Event counts per scope (`district` or a school code), metric, grain (minute/hour/day, day in
 * Asia/Shanghai) and bucket start. Increments commute, so the order events are applied in never matters.
 */
@Entity({ name: 'indicator_bucket' })
export class IndicatorBucket {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 48 })
  metric!: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  grain!: string;

  @PrimaryColumn({ name: 'bucket_start', type: 'datetime' })
  bucketStart!: Date;

  /** A breakdown within the metric (e.g. the reject reason); empty when there is none. */
  @PrimaryColumn({ type: 'varchar', length: 48 })
  dimension!: string;

  @Column({ type: 'bigint' })
  value!: string;
}
