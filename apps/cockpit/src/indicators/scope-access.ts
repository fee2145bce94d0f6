import { ForbiddenException } from '@nestjs/common';
import { assertSchoolAccess, AuthenticatedUser, isDistrictWide, schoolsVisibleTo } from '@edubase/auth';
import { DISTRICT_SCOPE } from '../projections/projection-batch';

/** Roles that may open the cockpit at all; which scopes they see is their grants' business. */
export const COCKPIT_ROLES = ['leader', 'district-admin', 'school-admin'] as const;

/** District-wide indicators are for district-scoped grants (区领导, 区级管理员); school grants see their school. */
export function canSeeDistrict(user: AuthenticatedUser): boolean {
  return isDistrictWide(user, COCKPIT_ROLES);
}

/** The schools a caller's cockpit grants reach, in grant order (empty for district-wide callers). */
export function reachableSchools(user: AuthenticatedUser): string[] {
  return schoolsVisibleTo(user, COCKPIT_ROLES) ?? [];
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
  assertSchoolAccess(user, schoolCode, COCKPIT_ROLES);
  return schoolCode;
}

/** The scope a user lands on: the district for district staff, else their first school (null: nothing). */
export function homeScope(user: AuthenticatedUser): string | null {
  if (canSeeDistrict(user)) return DISTRICT_SCOPE;
  return reachableSchools(user)[0] ?? null;
}
