import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RoleScope } from '@edubase/contracts/api/identity';
import { Person } from '../people/person.entity';
import type { RoleName } from '@edubase/contracts';

export type { RoleScope } from '@edubase/contracts/api/identity';

/** One role held by one person, for one school or for the district; revoked grants stay as history. */
@Entity({ name: 'role_grant' })
@Index('idx_role_grant_person', ['personId', 'revokedAt'])
@Index('idx_role_grant_school_role', ['schoolCode', 'role'])
export class RoleGrant {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'person_id', type: 'char', length: 36 })
  personId!: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_role_grant_person' })
  person?: Person;

  @Column({ type: 'varchar', length: 32 })
  role!: RoleName;

  @Column({ type: 'varchar', length: 16 })
  scope!: RoleScope;

  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  /** Last day the grant holds (contractor-ops must have one). */
  @Column({ name: 'ends_at', type: 'date', nullable: true })
  endsAt!: string | null;

  @Column({ name: 'granted_at', type: 'datetime', precision: 3 })
  grantedAt!: Date;

  @Column({ name: 'granted_by', type: 'varchar', length: 100 })
  grantedBy!: string;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'varchar', length: 100, nullable: true })
  revokedBy!: string | null;
}
