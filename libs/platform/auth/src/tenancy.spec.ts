import { ForbiddenException } from '@nestjs/common';
import { userFromClaims, type AuthenticatedUser } from './authenticated-user';
import {
  assertSchoolAccess,
  canAccessSchool,
  holdsRole,
  narrowedToRoles,
  requestedSchools,
  tenancyOf,
} from './tenancy';

const A = '3101200001';
const B = '3101200002';

/** A caller as the token verifier would build it from these edubase_grants and school_code. */
function caller(grants: string[], schoolCode: string | null = null): AuthenticatedUser {
  return userFromClaims({
    sub: 's',
    azp: 'edubase-web',
    sid: 'session',
    preferred_username: 'someone',
    edubase_grants: grants,
    ...(schoolCode ? { school_code: schoolCode } : {}),
  });
}
const districtSystem: AuthenticatedUser = {
  ...caller([]),
  isServiceAccount: true,
  username: 'service-account-x',
};

describe('tenancyOf: one rule for every service', () => {
  it.each<[string, AuthenticatedUser]>([
    ['a district-admin', caller(['district-admin@district'])],
    ['a district leader', caller(['leader@district'])],
    ['a researcher', caller(['researcher@district'])],
    ['a district security officer', caller(['security-officer@district'])],
    ['a district system (service account)', districtSystem],
  ])('lets %s see every school', (_who, user) => {
    expect(tenancyOf(user)).toEqual({ kind: 'district' });
    expect(canAccessSchool(user, A)).toBe(true);
    expect(canAccessSchool(user, B)).toBe(true);
  });

  it.each<[string, AuthenticatedUser]>([
    ['teacher', caller([`teacher@${A}`], A)],
    ['school-admin', caller([`school-admin@${A}`], A)],
    ['network-admin', caller([`network-admin@${A}`], A)],
    ['school security officer', caller([`security-officer@${A}`], A)],
    ['school contractor', caller([`contractor-ops@${A}`], A)],
  ])('limits a %s to the school of the grant', (_who, user) => {
    expect(tenancyOf(user)).toEqual({ kind: 'schools', schoolCodes: [A] });
    expect(canAccessSchool(user, A)).toBe(true);
    expect(canAccessSchool(user, B)).toBe(false);
    expect(() => assertSchoolAccess(user, B)).toThrow(ForbiddenException);
  });

  it('keeps a school-scoped leader (校领导) inside that school, whatever the realm role is called', () => {
    const schoolLeader = caller([`leader@${B}`], B);
    expect(tenancyOf(schoolLeader)).toEqual({ kind: 'schools', schoolCodes: [B] });
    expect(canAccessSchool(schoolLeader, A)).toBe(false);
    expect(requestedSchools(schoolLeader, undefined)).toEqual([B]);
    expect(() => requestedSchools(schoolLeader, A)).toThrow(ForbiddenException);
  });

  it('gives a network admin of school B, who belongs to school A, school B and not A', () => {
    const user = caller([`teacher@${A}`, `network-admin@${B}`], A);
    const asNetworkAdmin = narrowedToRoles(user, ['district-admin', 'network-admin']);
    expect(tenancyOf(asNetworkAdmin)).toEqual({ kind: 'schools', schoolCodes: [B] });
    expect(canAccessSchool(user, A, ['network-admin'])).toBe(false);
    expect(canAccessSchool(user, B, ['network-admin'])).toBe(true);
    expect(holdsRole(user, 'network-admin', A)).toBe(false);
    expect(holdsRole(user, 'network-admin', B)).toBe(true);
  });

  it('lets nobody without a grant see anything, whatever school they belong to', () => {
    for (const user of [caller([], A), caller([]), caller(['leader'], A), caller(['leader@nowhere'], A)]) {
      expect(tenancyOf(user)).toEqual({ kind: 'schools', schoolCodes: [] });
      expect(canAccessSchool(user, A)).toBe(false);
      expect(requestedSchools(user, undefined)).toEqual([]);
    }
  });

  it('covers district-level records (null) only with a district-scoped grant', () => {
    expect(holdsRole(caller(['district-admin@district']), 'district-admin', null)).toBe(true);
    expect(holdsRole(caller([`school-admin@${A}`]), 'school-admin', null)).toBe(false);
    expect(holdsRole(districtSystem, 'district-admin', A)).toBe(false);
  });
});
