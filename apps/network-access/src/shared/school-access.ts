import { assertSchoolAccess, AuthenticatedUser, DISTRICT_ROLES } from '@edubase/auth';

/** Whether the caller sees every school (district staff and systems, the district's security officer). */
export function isDistrictWide(user: AuthenticatedUser): boolean {
  if (user.isServiceAccount) return true;
  if (user.roles.some((role) => DISTRICT_ROLES.includes(role))) return true;
  return user.schoolCode === null && user.roles.includes('security-officer');
}

/** The school a list is limited to: school staff see only their own, district staff what they ask for. */
export function schoolScope(user: AuthenticatedUser, requested: string | undefined): string | undefined {
  if (requested) {
    assertSchoolAccess(user, requested);
    return requested;
  }
  return isDistrictWide(user) ? undefined : (user.schoolCode ?? undefined);
}
