import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One write: who did what to which record, when, and the record before and after. */
@Entity({ name: 'audit_entry' })
@Index('idx_audit_entity', ['entityType', 'entityId'])
@Index('idx_audit_school_time', ['schoolCode', 'occurredAt'])
@Index('idx_audit_time', ['occurredAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 100 })
  actorId!: string;

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind!: 'person' | 'service' | 'system';

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName!: string | null;

  /** e.g. person.create, person.depart, role.grant, org.move, keycloak.reconcile */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'json', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'json', nullable: true })
  after!: Record<string, unknown> | null;
}
