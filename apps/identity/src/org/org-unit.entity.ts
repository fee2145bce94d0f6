import { orgKindSchema, schoolStageSchema } from '@edubase/contracts';
import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn } from 'typeorm';

// The values the identity events carry: the contract is their one definition.
export const orgKinds = orgKindSchema.options;
export type OrgKind = (typeof orgKinds)[number];

export const schoolStages = schoolStageSchema.options;
export type SchoolStage = (typeof schoolStages)[number];

/** One node of the organisation tree: the bureau, an institute centre, a school or a department in a school. */
@Entity({ name: 'org_unit' })
export class OrgUnit {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: OrgKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('idx_org_unit_parent')
  @Column({ name: 'parent_id', type: 'char', length: 36, nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_org_unit_parent' })
  parent?: OrgUnit | null;

  /** 学校标识码: set on schools only, unique. */
  @Index('uq_org_unit_school_code', { unique: true })
  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** The school a unit belongs to: its own code for a school, its school's for a department. */
  @Index('idx_org_unit_owning_school')
  @Column({ name: 'owning_school_code', type: 'char', length: 10, nullable: true })
  owningSchoolCode!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  stage!: SchoolStage | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address!: string | null;

  @VersionColumn()
  version!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
