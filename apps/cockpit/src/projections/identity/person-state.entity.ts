import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The latest known state of one person. Profile (created/updated) and status (also deactivated) are two
 * last-writer-wins groups, each guarded by its own version (`<occurredAt>|<eventId>`), so events that
 * arrive out of order across partitions still end in the same row.
 */
@Entity({ name: 'person_state' })
@Index('idx_person_state_school', ['schoolCode', 'status'])
export class PersonState {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  kind!: string | null;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ name: 'profile_version', type: 'varchar', length: 64, nullable: true })
  profileVersion!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  status!: string | null;

  @Column({ name: 'status_version', type: 'varchar', length: 64, nullable: true })
  statusVersion!: string | null;
}
