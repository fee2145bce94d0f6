import { ForbiddenException } from '@nestjs/common';
import { AuthenticatedUser, canAccessSchool, DISTRICT_ROLES } from '@edubase/auth';

/**
 * Who may read and write what in identity. Reads follow the platform rule (district staff and district
 * systems everywhere, school staff their own school); writes are narrower: district-admin and district
 * systems holding identity:write everywhere, a school-admin only inside their own school.
 */

export const WRITE_SCOPE = 'identity:write';
export const READ_SCOPE = 'identity:read';

export function isDistrictWriter(user: AuthenticatedUser): boolean {
  if (user.isServiceAccount) return user.scopes.includes(WRITE_SCOPE);
  return user.roles.includes('district-admin');
}

/** Whether the caller may write records of a school; `null` means district-level records (bureau, centres). */
export function canWriteSchool(user: AuthenticatedUser, schoolCode: string | null): boolean {
  if (isDistrictWriter(user)) return true;
  if (schoolCode === null) return false;
  return user.roles.includes('school-admin') && user.schoolCode === schoolCode;
}

export function assertCanWrite(user: AuthenticatedUser, schoolCode: string | null): void {
  if (canWriteSchool(user, schoolCode)) return;
  throw new ForbiddenException(
    schoolCode === null
      ? 'Only a district administrator may change district-level records.'
      : `No write access to school ${schoolCode}: a school administrator changes only their own school.`,
  );
}

/** `null` school (district-level records) is readable by district-wide callers only. */
export function canRead(user: AuthenticatedUser, schoolCode: string | null): boolean {
  if (schoolCode !== null) return canAccessSchool(user, schoolCode);
  return readScopeSchool(user) === null;
}

export function assertCanRead(user: AuthenticatedUser, schoolCode: string | null): void {
  if (canRead(user, schoolCode)) return;
  throw new ForbiddenException(
    `No access to ${schoolCode === null ? 'district-level records' : `school ${schoolCode}`}: only your own school is visible.`,
  );
}

/** The one school a school-bound reader is limited to; null when the caller reads district-wide. */
export function readScopeSchool(user: AuthenticatedUser): string | null {
  if (user.isServiceAccount || user.schoolCode === null) return null;
  return user.roles.some((role) => DISTRICT_ROLES.includes(role)) ? null : user.schoolCode;
}

/**
 * Whether the caller's job needs a person's sensitive personal data (身份证号, birth date, phone) unmasked:
 * the district administrator, the administrator of the person's school, and district systems that write
 * identity records (HR / roster). Everyone else sees it masked.
 */
export function seesPersonalData(user: AuthenticatedUser, schoolCode: string | null): boolean {
  if (user.isServiceAccount) return user.scopes.includes(WRITE_SCOPE);
  if (user.roles.includes('district-admin')) return true;
  return schoolCode !== null && user.roles.includes('school-admin') && user.schoolCode === schoolCode;
}
