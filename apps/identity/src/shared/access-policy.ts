import { ForbiddenException } from '@nestjs/common';
import {
  AuthenticatedUser,
  canAccessSchool,
  holdsRole,
  RouteAccessRule,
  schoolsVisibleTo,
} from '@edubase/auth';
import { invalidField } from './problems';

/**
 * Who may read and write what in identity, on the platform's tenancy rule (@edubase/auth): reads reach
 * the schools the caller's grants name (district-scoped grants and district systems: all); writes are
 * narrower: a district-admin grant or a district system holding identity:write everywhere, a school-admin
 * grant only inside its school.
 */

export const WRITE_SCOPE = 'identity:write';
export const READ_SCOPE = 'identity:read';

/** Who writes identity's records: administrators (their school's, or the district's) and HR systems. */
export const IDENTITY_WRITERS: RouteAccessRule = {
  roles: ['district-admin', 'school-admin'],
  scopes: [WRITE_SCOPE],
};

/** Who reads people and units: staff of every role but contractors, and district systems. */
export const IDENTITY_READERS: RouteAccessRule = {
  roles: [
    'district-admin',
    'leader',
    'researcher',
    'school-admin',
    'network-admin',
    'security-officer',
    'teacher',
  ],
  scopes: [READ_SCOPE, WRITE_SCOPE],
};

export function isDistrictWriter(user: AuthenticatedUser): boolean {
  if (user.isServiceAccount) return user.scopes.includes(WRITE_SCOPE);
  return holdsRole(user, 'district-admin', null);
}

/** Whether the caller may write records of a school; `null` means district-level records (bureau, centres). */
export function canWriteSchool(user: AuthenticatedUser, schoolCode: string | null): boolean {
  if (isDistrictWriter(user)) return true;
  return schoolCode !== null && holdsRole(user, 'school-admin', schoolCode);
}

export function assertCanWrite(user: AuthenticatedUser, schoolCode: string | null): void {
  if (canWriteSchool(user, schoolCode)) return;
  throw new ForbiddenException(
    schoolCode === null
      ? 'Only a district administrator may change district-level records.'
      : `No write access to school ${schoolCode}: a school administrator changes only the school they administer.`,
  );
}

/** `null` school (district-level records) is readable by district-wide callers only. */
export function canRead(user: AuthenticatedUser, schoolCode: string | null): boolean {
  if (schoolCode !== null) return canAccessSchool(user, schoolCode);
  return readableSchools(user) === undefined;
}

export function assertCanRead(user: AuthenticatedUser, schoolCode: string | null): void {
  if (canRead(user, schoolCode)) return;
  throw new ForbiddenException(
    `No access to ${schoolCode === null ? 'district-level records' : `school ${schoolCode}`}: your roles reach only the schools they were granted for.`,
  );
}

/** The schools a reader is limited to; undefined when the caller reads district-wide, empty for nothing. */
export function readableSchools(user: AuthenticatedUser): string[] | undefined {
  return schoolsVisibleTo(user);
}

/** The school a write that names none goes to: none for district writers, else the one school administered. */
export function defaultWriteSchool(user: AuthenticatedUser): string | null {
  if (isDistrictWriter(user)) return null;
  const schools = user.grants.flatMap((grant) =>
    grant.role === 'school-admin' && grant.schoolCode !== null ? [grant.schoolCode] : [],
  );
  if (schools.length === 1) return schools[0]!;
  if (schools.length === 0) throw new ForbiddenException('Your account administers no school.');
  throw invalidField('schoolCode', `you administer ${schools.join(', ')}: name the school`);
}
