import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ChecklistAnswer, MinorsAuditStatus, RectificationStatus } from '@edubase/contracts';
import type { AuditedDataset, AuditedReaders } from '@edubase/contracts/api/governance';

// The prepared datasets and readers are stored as the API answers them.
export type { AuditedDataset, AuditedReaders } from '@edubase/contracts/api/governance';

export interface ChecklistItem {
  key: string;
  answer: ChecklistAnswer | null;
  note: string | null;
}

/**
 * 未成年人个人信息保护合规审计 (未成年人网络保护条例 Art. 37) of one information system for one year: the
 * catalog's minors' PI and the readers, prepared at opening (and refreshed while a draft), the checklist's
 * answers, and the findings with their rectification.
 */
@Entity({ name: 'minors_pi_audit' })
@Index('uq_minors_pi_audit_system_year', ['systemId', 'year'], { unique: true })
@Index('idx_minors_pi_audit_school', ['schoolCode'])
export class MinorsPiAudit {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'system_id', type: 'char', length: 36 })
  systemId!: string;

  /** The system's owner school, copied for the tenancy rule; null: a district system. */
  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'smallint', unsigned: true })
  year!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: MinorsAuditStatus;

  @Column({ type: 'json' })
  datasets!: AuditedDataset[];

  @Column({ type: 'json' })
  readers!: AuditedReaders;

  @Column({ type: 'json' })
  checklist!: ChecklistItem[];

  /** When the catalog and readers were last read into the audit. */
  @Column({ name: 'prepared_at', type: 'datetime', precision: 3 })
  preparedAt!: Date;

  @Column({ name: 'opened_by', type: 'varchar', length: 64 })
  openedBy!: string;

  @Column({ name: 'completed_by', type: 'varchar', length: 64, nullable: true })
  completedBy!: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 发现问题 of a compliance audit and its 整改: the measure, who answers for it and by when. */
@Entity({ name: 'compliance_finding' })
@Index('idx_compliance_finding_audit', ['auditId'])
@Index('idx_compliance_finding_school_status', ['schoolCode', 'status'])
export class ComplianceFinding {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'audit_id', type: 'char', length: 36 })
  auditId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** The checklist item it concerns, when it concerns one. */
  @Column({ name: 'checklist_key', type: 'varchar', length: 32, nullable: true })
  checklistKey!: string | null;

  @Column({ type: 'varchar', length: 1000 })
  description!: string;

  /** 整改措施. */
  @Column({ type: 'varchar', length: 1000 })
  rectification!: string;

  /** 整改责任人 (a post or a unit, as the report names it). */
  @Column({ type: 'varchar', length: 100 })
  owner!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'varchar', length: 8 })
  status!: RectificationStatus;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
