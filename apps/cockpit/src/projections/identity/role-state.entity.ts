import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Whether a person holds a role for a school (or the district), last writer wins by event time. */
@Entity({ name: 'role_state' })
@Index('idx_role_state_school', ['schoolCode', 'role'])
export class RoleState {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  role!: string;

  /** The school code, or `district` for district-wide roles. */
  @PrimaryColumn({ name: 'scope_key', type: 'varchar', length: 10 })
  scopeKey!: string;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'boolean' })
  granted!: boolean;

  @Column({ name: 'ends_at', type: 'date', nullable: true })
  endsAt!: string | null;

  @Column({ type: 'varchar', length: 64 })
  version!: string;
}
