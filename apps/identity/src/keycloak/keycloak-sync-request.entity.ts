import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from '../people/person.entity';

/**
 * The Keycloak sync outbox: one row per person whose Keycloak account may differ from identity. Every write
 * that changes what the account should be upserts the row inside its own transaction, so a committed change
 * is never forgotten; the row goes only when a sync that started from this generation (or a later one)
 * succeeded. See KeycloakSyncOutbox for the protocol.
 */
@Entity({ name: 'keycloak_sync_request' })
@Index('idx_keycloak_sync_request_due', ['nextAttemptAt'])
export class KeycloakSyncRequest {
  @PrimaryColumn({ name: 'person_id', type: 'char', length: 36 })
  personId!: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_keycloak_sync_request_person' })
  person?: Person;

  /** Bumped by every request: a sync that read generation n leaves the row if a request came meanwhile. */
  @Column({ type: 'int', unsigned: true })
  generation!: number;

  /** The first request not yet synced (the age the backlog metric reports). */
  @Column({ name: 'pending_since', type: 'datetime', precision: 3 })
  pendingSince!: Date;

  @Column({ name: 'requested_at', type: 'datetime', precision: 3 })
  requestedAt!: Date;

  /** Failed syncs since the row was created; the retry delay doubles with each. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  /** Random token of the sync holding the row; another instance leaves it alone until `leased_until`. */
  @Column({ name: 'leased_by', type: 'char', length: 36, nullable: true })
  leasedBy!: string | null;

  @Column({ name: 'leased_until', type: 'datetime', precision: 3, nullable: true })
  leasedUntil!: Date | null;
}
