import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ClassificationReviewStatus, DataCategory, DataGrade } from '@edubase/contracts';
import type { DatasetOrigin } from '@edubase/contracts/api/governance';
import type { PiLabel } from '../classification/detection/recognizers';

export type { DatasetOrigin } from '@edubase/contracts/api/governance';

/** 数据集: a table or a file of one information system; its grade is the highest of its fields and sources. */
@Entity({ name: 'dataset' })
@Index('uq_dataset_system_name', ['systemId', 'name'], { unique: true })
@Index('idx_dataset_school', ['schoolCode'])
export class Dataset {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'system_id', type: 'char', length: 36 })
  systemId!: string;

  /** The owning system's school, copied so lists filter by the tenancy rule; null: a district system. */
  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title!: string | null;

  @Column({ type: 'varchar', length: 8 })
  origin!: DatasetOrigin;

  /** Effective grade (就高从严): own fields' and sources' highest; null while nothing is graded. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  grade!: DataGrade | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A derived dataset's source: the derived one inherits the source's grade when it is higher. */
@Entity({ name: 'dataset_source' })
@Index('idx_dataset_source_source', ['sourceId'])
export class DatasetSource {
  @PrimaryColumn({ name: 'dataset_id', type: 'char', length: 36 })
  datasetId!: string;

  @PrimaryColumn({ name: 'source_id', type: 'char', length: 36 })
  sourceId!: string;
}

/** 字段 and its classification: category, grade and the three PI flags, set by a person. */
@Entity({ name: 'data_field' })
@Index('uq_data_field_dataset_name', ['datasetId', 'name'], { unique: true })
export class DataField {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'dataset_id', type: 'char', length: 36 })
  datasetId!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ name: 'data_type', type: 'varchar', length: 64, nullable: true })
  dataType!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  category!: DataCategory | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  grade!: DataGrade | null;

  /** 个人信息. */
  @Column({ name: 'is_personal', type: 'boolean', default: false })
  personal!: boolean;

  /** 敏感个人信息 (always personal). */
  @Column({ name: 'is_sensitive', type: 'boolean', default: false })
  sensitive!: boolean;

  /** 未成年人个人信息 (PIPL Art. 28: sensitive, so personal too). */
  @Column({ name: 'is_minor', type: 'boolean', default: false })
  minor!: boolean;

  @Column({ name: 'classified_at', type: 'datetime', precision: 3, nullable: true })
  classifiedAt!: Date | null;

  /**
   * When its service stopped describing it (a dropped column): kept with its classification for the record,
   * left out of counts, grades and audits; null while the field exists.
   */
  @Column({ name: 'removed_at', type: 'datetime', precision: 3, nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'classified_by', type: 'varchar', length: 64, nullable: true })
  classifiedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

export type ReviewStatus = ClassificationReviewStatus;

/** A detection's suggestion for one field, waiting for a person; accepted, it becomes the classification. */
@Entity({ name: 'classification_review' })
@Index('idx_classification_review_status', ['status', 'schoolCode'])
@Index('idx_classification_review_field', ['fieldId'])
export class ClassificationReview {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'field_id', type: 'char', length: 36 })
  fieldId!: string;

  @Column({ name: 'dataset_id', type: 'char', length: 36 })
  datasetId!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ name: 'detected_label', type: 'varchar', length: 16 })
  detectedLabel!: PiLabel;

  @Column({ type: 'decimal', precision: 3, scale: 2, transformer: { to: (v: number) => v, from: Number } })
  confidence!: number;

  @Column({ name: 'suggested_grade', type: 'varchar', length: 16 })
  suggestedGrade!: DataGrade;

  @Column({ name: 'suggested_personal', type: 'boolean' })
  suggestedPersonal!: boolean;

  @Column({ name: 'suggested_sensitive', type: 'boolean' })
  suggestedSensitive!: boolean;

  @Column({ name: 'suggested_minor', type: 'boolean' })
  suggestedMinor!: boolean;

  @Column({ type: 'varchar', length: 8 })
  status!: ReviewStatus;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
