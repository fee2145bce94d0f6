import { ForbiddenException } from '@nestjs/common';
import { AuthenticatedUser, canAccessSchool, DISTRICT_ROLES } from '@edubase/auth';
import { DISTRICT_SCOPE } from '../projections/projection-batch';

/** Roles that may open the cockpit at all; which scopes they see is decided below. */
export const COCKPIT_ROLES = ['leader', 'district-admin', 'school-admin'] as const;

/** District-wide indicators are for district staff (领导, 区管理员); school staff see their own school. */
export function canSeeDistrict(user: AuthenticatedUser): boolean {
  return user.roles.some((role) => DISTRICT_ROLES.includes(role));
}

/** The scope a request asks for (`school` absent = the district), or 403 when the caller may not see it. */
export function authorizedScope(user: AuthenticatedUser, schoolCode: string | undefined): string {
  if (schoolCode === undefined) {
    if (!canSeeDistrict(user))
      throw new ForbiddenException(
        'District-wide indicators are visible to district leaders and administrators only; ask for your own school.',
      );
    return DISTRICT_SCOPE;
  }
  if (!canAccessSchool(user, schoolCode))
    throw new ForbiddenException(`No access to school ${schoolCode}: only your own school is visible.`);
  return schoolCode;
}

/** The scope a user lands on: the district for district staff, else their school (null: nothing to show). */
export function homeScope(user: AuthenticatedUser): string | null {
  if (canSeeDistrict(user)) return DISTRICT_SCOPE;
  return user.schoolCode;
}
