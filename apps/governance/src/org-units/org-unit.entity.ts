import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrgKind } from '@edubase/contracts';

/**
 * Local projection of identity's org units (区教育局, 教育学院 and its centres, schools, departments), fed only
 * by `identity.org.created|updated.v1`: a system's 责任单位 must be one of them.
 */
@Entity({ name: 'org_unit' })
@Index('idx_org_unit_name', ['name'])
export class OrgUnit {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 64 })
  orgId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: OrgKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 64, nullable: true })
  parentId!: string | null;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** occurredAt of the last applied event; an older event arriving late does not overwrite newer state. */
  @Column({ name: 'as_of', type: 'datetime', precision: 3 })
  asOf!: Date;
}
