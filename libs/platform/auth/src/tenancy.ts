import { ForbiddenException } from '@nestjs/common';
import type { RoleName } from '@edubase/contracts';
import type { AuthenticatedUser, HeldGrant } from './authenticated-user';
import { tenancyOfGrants, type Tenancy } from './grants';

export type { Tenancy } from './grants';

/**
 * The one tenancy rule of EduBase (tenancyOfGrants): a role reaches what its grant names, membership of a
 * school grants nothing, and a person with no grant sees nothing. `roles` limits the grants that count (a
 * route's roles; the guard already narrows the caller to them), so a teacher of school A who is network
 * admin of school B manages B's network, not A's. District systems reach every school: their OAuth scopes
 * already limit what they touch.
 */
export function tenancyOf(user: AuthenticatedUser, roles?: readonly RoleName[]): Tenancy {
  if (user.isServiceAccount) return { kind: 'district' };
  return tenancyOfGrants(user.grants, roles);
}

/** Whether the caller reaches every school (through any of `roles`, or any grant). */
export function isDistrictWide(user: AuthenticatedUser, roles?: readonly RoleName[]): boolean {
  return tenancyOf(user, roles).kind === 'district';
}

/** The schools a list is limited to; undefined means no limit (district-wide). Empty means nothing. */
export function schoolsVisibleTo(user: AuthenticatedUser, roles?: readonly RoleName[]): string[] | undefined {
  const tenancy = tenancyOf(user, roles);
  return tenancy.kind === 'district' ? undefined : [...tenancy.schoolCodes];
}

/** Whether the caller reaches a school (through any of `roles`, or any grant). */
export function canAccessSchool(
  user: AuthenticatedUser,
  schoolCode: string,
  roles?: readonly RoleName[],
): boolean {
  const tenancy = tenancyOf(user, roles);
  return tenancy.kind === 'district' || tenancy.schoolCodes.includes(schoolCode);
}

/** Throws 403 unless `canAccessSchool(user, schoolCode, roles)`. */
export function assertSchoolAccess(
  user: AuthenticatedUser,
  schoolCode: string,
  roles?: readonly RoleName[],
): void {
  if (!canAccessSchool(user, schoolCode, roles))
    throw new ForbiddenException(
      `No access to school ${schoolCode}: your roles reach only the schools they were granted for.`,
    );
}

/**
 * Whether a person holds `role` for `schoolCode`: a district-scoped grant covers every school; for
 * `schoolCode` null (district-level records) only a district-scoped grant does. Never true for a district
 * system: those are judged by their OAuth scopes.
 */
export function holdsRole(user: AuthenticatedUser, role: RoleName, schoolCode: string | null): boolean {
  if (user.isServiceAccount) return false;
  return user.grants.some(
    (grant) => grant.role === role && (grant.schoolCode === null || grant.schoolCode === schoolCode),
  );
}

/** The caller as a route sees it: only the grants of the roles the route admits. */
export function narrowedToRoles(user: AuthenticatedUser, roles: readonly RoleName[]): AuthenticatedUser {
  const grants: HeldGrant[] = user.grants.filter((grant) => roles.includes(grant.role));
  if (grants.length === user.grants.length) return user;
  return { ...user, grants, roles: user.roles.filter((role) => roles.includes(role)) };
}

/**
 * The schools a list asks for: the one requested (403 unless the caller reaches it), else every school the
 * caller reaches (undefined: no limit; empty: nothing).
 */
export function requestedSchools(
  user: AuthenticatedUser,
  requested: string | undefined,
): string[] | undefined {
  if (requested === undefined) return schoolsVisibleTo(user);
  assertSchoolAccess(user, requested);
  return [requested];
}
