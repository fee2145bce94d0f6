import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of the service's tamper-evident audit chain (防篡改审计链): an admin action or a read of
 * sensitive data. Written unsealed (seq, prev_hash and hash null) in the writer's own transaction; the
 * sealer then gives it the next position in the chain and the hash that covers it and its predecessor.
 */
@Entity({ name: 'audit_chain_entry' })
@Index('uq_audit_chain_entry_seq', ['seq'], { unique: true })
export class AuditChainEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** Position in the chain, 1, 2, 3…; null until sealed. */
  @Column({ type: 'bigint', unsigned: true, nullable: true })
  seq!: string | null;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 100 })
  actorId!: string;

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind!: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName!: string | null;

  /** e.g. person.update, role.grant, trace.by-ip */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 64, nullable: true })
  subjectId!: string | null;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** Canonical JSON (keys sorted): hashed as stored. */
  @Column({ type: 'longtext', nullable: true })
  detail!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash!: string | null;
}

/**
 * The chain's head: one row whose lock the sealer holds while it extends the chain (one lock per
 * service, never taken by writers), and the last published anchor.
 */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  id!: number;

  @Column({ type: 'bigint', unsigned: true })
  seq!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ name: 'anchored_seq', type: 'bigint', unsigned: true })
  anchoredSeq!: string;

  @Column({ name: 'anchored_at', type: 'datetime', precision: 3, nullable: true })
  anchoredAt!: Date | null;
}
