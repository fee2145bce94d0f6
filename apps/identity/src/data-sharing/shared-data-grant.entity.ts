import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SharedDataGrantStatus = 'approved' | 'expired';

/**
 * A data-sharing request governance approved for one of identity's datasets (数据共享,
 * `governance.sharing.approved|expired.v1`): tokens of `client_id` carrying `scope` read `fields` of
 * `dataset` (a table) from `starts_on` to `ends_on` (China dates), and nothing else.
 */
@Entity({ name: 'shared_data_grant' })
export class SharedDataGrant {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId!: string;

  @Column({ type: 'varchar', length: 128 })
  dataset!: string;

  /** Column names, as governance's catalog lists them. */
  @Column({ type: 'json' })
  fields!: string[];

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: SharedDataGrantStatus;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
