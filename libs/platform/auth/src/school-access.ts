import { ForbiddenException } from '@nestjs/common';
import type { RoleName } from '@edubase/contracts';
import type { AuthenticatedUser } from './authenticated-user';

/** Roles whose holders work for the whole district, not for one school. */
export const DISTRICT_ROLES: readonly RoleName[] = ['district-admin', 'leader', 'researcher'];

/**
 * Whether the caller may see data of a school. District staff (and a security officer not attached to a
 * school, i.e. the district's) see every school; district systems are district-wide too, their scopes
 * already limit what they touch; school staff see only their own school.
 */
export function canAccessSchool(user: AuthenticatedUser, schoolCode: string): boolean {
  if (user.isServiceAccount) return true;
  if (user.roles.some((role) => DISTRICT_ROLES.includes(role))) return true;
  if (user.schoolCode === null) return user.roles.includes('security-officer');
  return user.schoolCode === schoolCode;
}

/** Throws 403 unless `canAccessSchool(user, schoolCode)`. */
export function assertSchoolAccess(user: AuthenticatedUser, schoolCode: string): void {
  if (!canAccessSchool(user, schoolCode))
    throw new ForbiddenException(`No access to school ${schoolCode}: only your own school is visible.`);
}
