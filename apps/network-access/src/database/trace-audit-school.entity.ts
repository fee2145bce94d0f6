import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The schools a trace lookup was made for: those the caller's trace grants were scoped to (none for a
 * district-wide caller). A school's network admin lists the lookups made through their school's grants.
 */
@Entity({ name: 'trace_audit_school' })
@Index('idx_trace_audit_school', ['schoolCode', 'auditId'])
export class TraceAuditSchoolEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'bigint', unsigned: true })
  auditId!: string;

  @PrimaryColumn({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;
}
