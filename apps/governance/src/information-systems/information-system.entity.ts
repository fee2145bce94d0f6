import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AssessmentResult } from '@edubase/contracts';

/**
 * One information system (信息系统) in the 等保 2.0 register: who owns it, its 定级 and 备案, and where its
 * 等级测评 stands. `school_code` null: a system of the district itself (区教育局, 教育学院).
 */
@Entity({ name: 'information_system' })
@Index('idx_information_system_school', ['schoolCode'])
@Index('idx_information_system_due', ['nextAssessmentDue'])
@Index('uq_information_system_source_service', ['sourceService'], { unique: true })
export class InformationSystem {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** 责任单位: the unit answerable for the system (a school, 区教育局, a centre of 教育学院). */
  @Column({ name: 'owner_unit', type: 'varchar', length: 200 })
  ownerUnit!: string;

  /** 承建单位. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  contractor!: string | null;

  /** 定级, 1-5; null until graded. */
  @Column({ name: 'protection_level', type: 'tinyint', unsigned: true, nullable: true })
  protectionLevel!: number | null;

  /** 备案编号 from the public security bureau. */
  @Column({ name: 'filing_number', type: 'varchar', length: 64, nullable: true })
  filingNumber!: string | null;

  @Column({ name: 'filing_date', type: 'date', nullable: true })
  filingDate!: string | null;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;

  @Column({ name: 'last_assessed_on', type: 'date', nullable: true })
  lastAssessedOn!: string | null;

  /** 测评机构 of the last assessment. */
  @Column({ name: 'assessment_body', type: 'varchar', length: 200, nullable: true })
  assessmentBody!: string | null;

  @Column({ name: 'assessment_result', type: 'varchar', length: 16, nullable: true })
  assessmentResult!: AssessmentResult | null;

  /** Derived on every write (assessment-schedule.ts) and stored, so overdue systems are one indexed query. */
  @Column({ name: 'next_assessment_due', type: 'date', nullable: true })
  nextAssessmentDue!: string | null;

  /** The EduBase service this system is (its catalog registers itself at start-up); null for other systems. */
  @Column({ name: 'source_service', type: 'varchar', length: 64, nullable: true })
  sourceService!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
