import type { MinorCategory } from '@edubase/contracts/vocabulary';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Local projection of identity's people, fed only by identity events; identity's tables are never read. */
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  /** 工号: the SSO username and the RADIUS User-Name. */
  @Index('uq_person_staff_no', { unique: true })
  @Column({ name: 'staff_no', type: 'varchar', length: 64, nullable: true })
  staffNo!: string | null;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: 'active' | 'suspended' | 'departed';

  /**
   * 未成年人 age band from identity's person events (under-14, under-18; null for adults, unknown birth dates
   * and events from before the field): trace answers grade a minor's name one step up.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  minor!: MinorCategory | null;

  /** occurredAt of the last applied event; older events arriving late do not overwrite newer state. */
  @Column({ name: 'as_of', type: 'datetime', precision: 3 })
  asOf!: Date;
}

/** Local projection of role grants. `schoolKey` is the school code or '' for district-wide grants. */
@Entity({ name: 'person_role' })
export class PersonRoleEntity {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  role!: string;

  @PrimaryColumn({ name: 'school_key', type: 'varchar', length: 10 })
  schoolKey!: string;

  @Column({ name: 'ends_at', type: 'date', nullable: true })
  endsAt!: string | null;
}
