import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SharingStatus } from '@edubase/contracts';
import type { SharingScopeState } from '@edubase/contracts/api/governance';

export type { SharingStatus };
/** Where the Keycloak side stands: a small outbox of its own, retried until done. */
export type ScopeState = SharingScopeState;

/**
 * 数据共享申请: another district system (a Keycloak client) asks for fields of a dataset, for a purpose and a
 * period. The data owner and the security officer approve; approved, the client gets the request's client
 * scope in its tokens until the end date.
 */
@Entity({ name: 'sharing_request' })
@Index('idx_sharing_request_dataset_client', ['datasetId', 'clientId'])
@Index('idx_sharing_request_scope_state', ['scopeState'])
export class SharingRequest {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'dataset_id', type: 'char', length: 36 })
  datasetId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** The requesting system's Keycloak client id. */
  @Column({ name: 'client_id', type: 'varchar', length: 100 })
  clientId!: string;

  @Column({ type: 'varchar', length: 500 })
  purpose!: string;

  @Column({ type: 'simple-json' })
  fields!: string[];

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SharingStatus;

  @Column({ name: 'owner_approved_by', type: 'varchar', length: 64, nullable: true })
  ownerApprovedBy!: string | null;

  @Column({ name: 'officer_approved_by', type: 'varchar', length: 64, nullable: true })
  officerApprovedBy!: string | null;

  /** The OAuth scope the client's tokens carry while the request runs: `share-<first 8 of the id>`. */
  @Column({ name: 'scope_name', type: 'varchar', length: 64 })
  scopeName!: string;

  @Column({ name: 'scope_state', type: 'varchar', length: 16 })
  scopeState!: ScopeState;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
