import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every trace lookup (可管可溯), with who asked, why (案由) and what they looked for. */
@Entity({ name: 'trace_audit' })
@Index('idx_trace_audit_at', ['at'])
@Index('idx_trace_audit_actor', ['actorUsername', 'at'])
export class TraceAuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ name: 'actor_subject', type: 'varchar', length: 64 })
  actorSubject!: string;

  @Column({ name: 'actor_username', type: 'varchar', length: 100 })
  actorUsername!: string;

  /** by-ip, by-mac or by-person. */
  @Column({ name: 'lookup_kind', type: 'varchar', length: 16 })
  lookupKind!: string;

  /** The lookup parameters as JSON. */
  @Column({ type: 'text' })
  query!: string;

  /** 案由: the case reason the caller gave. */
  @Column({ name: 'case_reason', type: 'varchar', length: 500 })
  caseReason!: string;

  @Column({ name: 'result_count', type: 'int', unsigned: true })
  resultCount!: number;
}
