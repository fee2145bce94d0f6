import type { DepartureKind, MinorCategory } from '@edubase/contracts/vocabulary';
import { personKindSchema, personStatusSchema } from '@edubase/contracts';
import { CreatedAtColumn, UpdatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn } from 'typeorm';
import { OrgUnit } from '../org/org-unit.entity';

// The values the identity events carry: the contract is their one definition.
export const personKinds = personKindSchema.options;
export type PersonKind = (typeof personKinds)[number];

export const personStatuses = personStatusSchema.options;
export type PersonStatus = (typeof personStatuses)[number];

export { departureKinds, type DepartureKind } from '@edubase/contracts/vocabulary';

@Entity({ name: 'person' })
@Index('idx_person_school_status', ['schoolCode', 'status'])
export class Person {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: PersonKind;

  /** 工号, staff only; the SSO username. */
  @Index('uq_person_staff_no', { unique: true })
  @Column({ name: 'staff_no', type: 'varchar', length: 64, nullable: true })
  staffNo!: string | null;

  /** 学籍号, students only. */
  @Index('uq_person_student_no', { unique: true })
  @Column({ name: 'student_no', type: 'varchar', length: 64, nullable: true })
  studentNo!: string | null;

  @Index('idx_person_name')
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  /** Unique in any letter case (the column's collation ignores case), as Keycloak requires of its accounts. */
  @Index('uq_person_email', { unique: true })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** 身份证号, optional; validated with the ISO 7064 MOD 11-2 check digit. */
  @Index('uq_person_id_card_no', { unique: true })
  @Column({ name: 'id_card_no', type: 'char', length: 18, nullable: true })
  idCardNo!: string | null;

  /** Given, or read from the 身份证号 when only that is (the two must agree). */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  /**
   * 未成年人 on the last recomputation (`minor-rule.ts`): under-14, under-18 or null (adult, or no birth
   * date). Set with the birth date and moved on by the daily job as birthdays pass; it decides masking and
   * is what the person events carry, so the events say the same as the API.
   */
  @Index('idx_person_minor')
  @Column({ type: 'varchar', length: 16, nullable: true })
  minor!: MinorCategory | null;

  @Index('idx_person_org')
  @Column({ name: 'org_id', type: 'char', length: 36 })
  orgId!: string;

  /** The key only: a unit with people in it cannot be deleted. */
  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_person_org' })
  org?: OrgUnit;

  /** The school the person belongs to (null for bureau and institute staff); the access and event key. */
  @Column({ name: 'school_code', type: 'char', length: 10, nullable: true })
  schoolCode!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: PersonStatus;

  @Column({ name: 'departure_kind', type: 'varchar', length: 16, nullable: true })
  departureKind!: DepartureKind | null;

  @Column({ name: 'status_reason', type: 'varchar', length: 500, nullable: true })
  statusReason!: string | null;

  @Column({ name: 'status_effective_date', type: 'date', nullable: true })
  statusEffectiveDate!: string | null;

  @Index('uq_person_keycloak_user', { unique: true })
  @Column({ name: 'keycloak_user_id', type: 'char', length: 36, nullable: true })
  keycloakUserId!: string | null;

  @Column({ name: 'keycloak_synced_at', type: 'datetime', precision: 3, nullable: true })
  keycloakSyncedAt!: Date | null;

  /** Last failure pushing this person to Keycloak; the reconciliation job retries until it clears. */
  @Column({ name: 'keycloak_sync_error', type: 'varchar', length: 1000, nullable: true })
  keycloakSyncError!: string | null;

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3, nullable: true })
  lastLoginAt!: Date | null;

  /** When the person last became active (created or reactivated): dormancy counts from here without logins. */
  @Column({ name: 'active_since', type: 'datetime', precision: 3 })
  activeSince!: Date;

  /** Set when the person has not logged in for DORMANT_AFTER_DAYS (沉睡账号). */
  @Column({ name: 'dormant_since', type: 'datetime', precision: 3, nullable: true })
  dormantSince!: Date | null;

  @VersionColumn()
  version!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
