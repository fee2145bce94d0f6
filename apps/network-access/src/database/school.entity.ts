import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Local projection of identity's schools (org units of kind school), fed only by identity's org events:
 * NAS and terminals may only be registered for a school listed here.
 */
@Entity({ name: 'school' })
export class SchoolEntity {
  /** 学校标识码. */
  @PrimaryColumn({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  /** Null for schools known before this projection existed (taken from the people projection). Not a
   * unique index: its duplicate check would take gap locks that deadlock other partitions' upserts. */
  @Index('idx_school_org')
  @Column({ name: 'org_id', type: 'varchar', length: 64, nullable: true })
  orgId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  /** occurredAt of the last applied event; older events arriving late do not overwrite newer state. */
  @Column({ name: 'as_of', type: 'datetime', precision: 3 })
  asOf!: Date;
}
