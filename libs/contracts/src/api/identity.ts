/**
 * Response shapes of identity's API (人员, 角色授权), shared by the service, which builds its answers typed by
 * them, and the staff console, so the two cannot drift apart. Types only (no decorators, no server code).
 *
 * `At` is the type of a moment: the service builds its answers with Dates, which JSON sends as their ISO
 * strings, so the console reads the same shapes with `At = string` (the default).
 */
import type {
  DepartureKind,
  MinorCategory,
  OrgKind,
  PersonKind,
  PersonStatus,
  RoleName,
  SchoolStage,
} from '../vocabulary';
import type { FieldProtection, ProtectedRecord } from './common';

/** A role held with a scope (a grant): `school` for one school, `district` for every school. */
export type RoleScope = 'school' | 'district';

export interface RoleGrantView<At = string> {
  id: string;
  role: RoleName;
  scope: RoleScope;
  schoolCode: string | null;
  /** Last day the grant holds. */
  endsAt: string | null;
  grantedAt: At;
  grantedBy: string;
  revokedAt: At | null;
  revokedBy: string | null;
}

/** A person's whole record (what audit rows keep); answers show it protected by PERSON_DATASET. */
export interface PersonRecord<At = string> {
  id: string;
  kind: PersonKind;
  staffNo: string | null;
  studentNo: string | null;
  name: string;
  mobile: string | null;
  email: string | null;
  idCardNo: string | null;
  birthDate: string | null;
  /** The minor band (the masking follows it); null for adults and people without a birth date. */
  minor: MinorCategory | null;
  orgId: string;
  schoolCode: string | null;
  status: PersonStatus;
  departureKind: DepartureKind | null;
  statusReason: string | null;
  statusEffectiveDate: string | null;
  dormantSince: At | null;
  version: number;
}

/** The personal fields of a person, graded in identity's PERSON_DATASET. */
export type PersonPersonalField =
  'name' | 'staffNo' | 'studentNo' | 'email' | 'mobile' | 'birthDate' | 'idCardNo';

/** A person as the caller may see them: each personal field shown, masked or left out by its grade. */
export type PersonView<At = string> = ProtectedRecord<PersonRecord<At>, PersonPersonalField> & {
  personalDataMasked: boolean;
  /** The fields the caller did not get in full, and how: a page can say why a value is missing. */
  protectedFields: Partial<Record<PersonPersonalField, FieldProtection>>;
  roles: RoleGrantView<At>[];
  keycloak: {
    userId: string | null;
    syncedAt: At | null;
    syncError: string | null;
    lastLoginAt: At | null;
  };
  createdAt: At;
  updatedAt: At;
};

/**
 * 我的账号 (/account/me): the caller's name (as written, 姓 then 名), school, unit and roles with their Chinese
 * labels, nothing personal beyond it. Name and 工号 are the caller's own record's (typed as protected fields).
 */
export interface AccountMe {
  name?: string;
  staffNo?: string | null;
  school: { code: string | null; name: string } | null;
  unit: { id: string; name: string; kind: OrgKind } | null;
  roles: {
    role: RoleName;
    label: string;
    scope: RoleScope;
    schoolCode: string | null;
    schoolName: string | null;
    endsAt: string | null;
  }[];
}

/** One node of the 组织机构树 (/orgs/tree): the bureau, an institute centre, a school or a department. */
export interface OrgTreeNode {
  id: string;
  kind: OrgKind;
  name: string;
  schoolCode: string | null;
  stage: SchoolStage | null;
  address: string | null;
  children: OrgTreeNode[];
}

/** What one run of the Keycloak reconciliation found wrong for one person and put right. */
export interface ReconciliationChange {
  personId: string;
  staffNo: string;
  /** What was found wrong in Keycloak and put right. */
  repair:
    | 'user-created'
    | 'user-recreated'
    | 'user-enabled'
    | 'user-disabled'
    | 'roles-added'
    | 'roles-removed'
    | 'attributes-fixed'
    | 'group-fixed'
    | 'failed';
  detail: string;
}

/** One run of the Keycloak reconciliation job and what it changed (/keycloak/reconciliation/runs). */
export interface ReconciliationRunView<At = string> {
  id: string;
  trigger: 'api' | 'schedule';
  startedAt: At;
  finishedAt: At | null;
  peopleChecked: number;
  changes: ReconciliationChange[];
}

// ── 花名册导入: /roster-imports ──────────────────────────────────────────────────────────────────────

/** One problem of one row: what the user must fix, where (row as numbered in the file, column header). */
export interface RosterRowError {
  row: number;
  column: string;
  reason: string;
}

/** 预检: every row checked, nothing written. */
export interface RosterDryRunReport {
  dryRun: true;
  format: 'csv' | 'xlsx';
  totalRows: number;
  validRows: number;
  errors: RosterRowError[];
}

export type RosterImportStatus = 'writing' | 'provisioning' | 'completed' | 'failed';

/** An applied roster file: rows written in one transaction, then the staff's Keycloak accounts. */
export interface RosterImportJobView<At = string> {
  id: string;
  status: RosterImportStatus;
  schoolCode: string | null;
  format: string;
  totalRows: number;
  writtenRows: number;
  accounts: { total: number; synced: number; failed: number };
  /** 0..1 over both phases: rows written, then Keycloak accounts provisioned. */
  progress: number;
  error: string | null;
  createdBy: string;
  createdAt: At;
  committedAt: At | null;
  finishedAt: At | null;
}
