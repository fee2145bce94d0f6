import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AssessmentResult, RectificationStatus } from '@edubase/contracts';

/** One 等级测评 of a system, kept as history; the system row holds the latest. */
@Entity({ name: 'assessment' })
@Index('idx_assessment_system', ['systemId', 'assessedOn'])
export class Assessment {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'system_id', type: 'char', length: 36 })
  systemId!: string;

  @Column({ name: 'assessed_on', type: 'date' })
  assessedOn!: string;

  @Column({ type: 'varchar', length: 200 })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  result!: AssessmentResult;

  @Column({ name: 'protection_level', type: 'tinyint', unsigned: true })
  protectionLevel!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** 整改项: a finding of an assessment to be put right, by a date. */
@Entity({ name: 'rectification_item' })
@Index('idx_rectification_item_system', ['systemId', 'status'])
export class RectificationItem {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'system_id', type: 'char', length: 36 })
  systemId!: string;

  @Column({ name: 'assessment_id', type: 'char', length: 36 })
  assessmentId!: string;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'varchar', length: 8 })
  status!: RectificationStatus;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
