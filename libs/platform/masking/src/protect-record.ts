import { holdsRole, type AuthenticatedUser } from '@edubase/auth';
import type { RoleName } from '@edubase/contracts';
import type { ProtectedRecord } from '@edubase/contracts/api/common';
import {
  gradeRank,
  ROLE_CLEARANCE,
  type DataGrade,
  type DatasetClassification,
  type FieldClassification,
} from './field-catalog';
import { maskValue } from './mask-value';

/** What a caller gets of a field: the value, a masked value, or nothing. */
export type FieldTreatment = 'shown' | 'masked' | 'removed';

/** Whose record it is: the school it belongs to (null: district level) and whether it is a minor's. */
export interface RecordContext {
  readonly schoolCode: string | null;
  readonly minor?: boolean;
  /** The record is the caller's own (我的账号): a person may consult all of their own data (PIPL Art. 45). */
  readonly ownRecord?: boolean;
}

export interface ProtectOptions {
  /**
   * 'remove' turns masked values into removed ones, for clients that store what they read (SCIM
   * provisioning): a masked value would be kept as if it were the person's number.
   */
  readonly masked?: 'mask' | 'remove';
}

/** The highest grade the caller sees unmasked on this record; null below 一般 (contractors). */
export function clearanceFor(
  user: AuthenticatedUser,
  dataset: Pick<DatasetClassification, 'systemClearance'>,
  schoolCode: string | null,
): DataGrade | null {
  if (user.isServiceAccount) {
    let best: DataGrade = 'general';
    for (const scope of user.scopes) {
      const cleared = dataset.systemClearance?.[scope];
      if (cleared !== undefined && gradeRank(cleared) > gradeRank(best)) best = cleared;
    }
    return best;
  }
  let best: DataGrade | null = null;
  // The one tenancy rule: a role counts for this record only where its grant reaches the record's school.
  for (const role of Object.keys(ROLE_CLEARANCE) as RoleName[]) {
    const cleared = ROLE_CLEARANCE[role];
    if (cleared === null || !holdsRole(user, role, schoolCode)) continue;
    if (best === null || gradeRank(cleared) > gradeRank(best)) best = cleared;
  }
  return best;
}

/** Shown at or below the caller's clearance, masked one grade above it, removed further up. */
export function treatmentOf(
  field: FieldClassification,
  clearance: DataGrade | null,
  minor = false,
): FieldTreatment {
  const grade = minor ? (field.minorGrade ?? field.grade) : field.grade;
  const gap = gradeRank(grade) - (clearance === null ? -1 : gradeRank(clearance));
  if (gap <= 0) return 'shown';
  return gap === 1 ? 'masked' : 'removed';
}

/** A record as a caller may see it, as the APIs answer it (declared fields masked to a string or absent). */
export type { ProtectedRecord } from '@edubase/contracts/api/common';

export interface Protected<T, F extends string> {
  record: ProtectedRecord<T, F>;
  /** The fields the caller did not get in full, and how; empty when everything was shown. */
  protections: Partial<Record<F, Exclude<FieldTreatment, 'shown'>>>;
}

/**
 * Applies a dataset's declared grades to one record for one caller (the route's narrowed user). Fields the
 * dataset does not declare pass unchanged; a null value stays null when shown or masked (and is not
 * reported as masked).
 */
export function protectRecord<T extends object, F extends string>(
  dataset: DatasetClassification<F>,
  record: T,
  user: AuthenticatedUser,
  context: RecordContext,
  options: ProtectOptions = {},
): Protected<T, F> {
  const clearance = context.ownRecord ? 'core' : clearanceFor(user, dataset, context.schoolCode);
  const result = { ...record } as Record<string, unknown>;
  const protections: Partial<Record<F, Exclude<FieldTreatment, 'shown'>>> = {};
  for (const [field, classification] of Object.entries<FieldClassification>(dataset.fields)) {
    if (!(field in result)) continue;
    let treatment = treatmentOf(classification, clearance, context.minor);
    if (treatment === 'masked' && options.masked === 'remove') treatment = 'removed';
    const value = result[field];
    if (treatment === 'shown') continue;
    if (treatment === 'removed') {
      delete result[field];
      protections[field as F] = treatment;
    } else if (value !== null && value !== undefined) {
      // An empty value masks to nothing: it is reported only when there was something to hide.
      result[field] = maskValue(classification.pi, String(value));
      protections[field as F] = treatment;
    }
  }
  return { record: result as ProtectedRecord<T, F>, protections };
}
