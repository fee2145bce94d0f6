import { ForbiddenException } from '@nestjs/common';
import type { RoleName } from '@edubase/contracts';
import type { AuthenticatedUser } from './authenticated-user';
import { assertSchoolAccess, canAccessSchool } from './school-access';

const OWN = '3101200001';
const OTHER = '3101200002';

function user(roles: RoleName[], schoolCode: string | null, isServiceAccount = false): AuthenticatedUser {
  return {
    subject: 's',
    username: 'u',
    roles,
    schoolCode,
    scopes: [],
    clientId: 'edubase-cli',
    isServiceAccount,
  };
}

describe('canAccessSchool', () => {
  it.each<[string, AuthenticatedUser]>([
    ['district-admin', user(['district-admin'], null)],
    ['leader', user(['leader'], null)],
    ['researcher', user(['researcher'], null)],
    ['district security officer (no school)', user(['security-officer'], null)],
    ['district system (service account)', user([], null, true)],
  ])('lets %s see every school', (_who, caller) => {
    expect(canAccessSchool(caller, OWN)).toBe(true);
    expect(canAccessSchool(caller, OTHER)).toBe(true);
  });

  it.each<[string, AuthenticatedUser]>([
    ['teacher', user(['teacher'], OWN)],
    ['school-admin', user(['school-admin'], OWN)],
    ['network-admin', user(['network-admin'], OWN)],
    ['school security officer', user(['security-officer'], OWN)],
    ['contractor-ops attached to a school', user(['contractor-ops'], OWN)],
  ])('limits a %s to their own school', (_who, caller) => {
    expect(canAccessSchool(caller, OWN)).toBe(true);
    expect(canAccessSchool(caller, OTHER)).toBe(false);
  });

  it('gives a non-district user without a school no school at all', () => {
    expect(canAccessSchool(user(['teacher'], null), OWN)).toBe(false);
    expect(canAccessSchool(user([], null), OWN)).toBe(false);
  });

  it('lets a district role win even when the user also belongs to a school', () => {
    expect(canAccessSchool(user(['teacher', 'researcher'], OWN), OTHER)).toBe(true);
  });
});

describe('assertSchoolAccess', () => {
  it('passes silently for an allowed school', () => {
    expect(() => assertSchoolAccess(user(['teacher'], OWN), OWN)).not.toThrow();
  });

  it('throws 403 naming the school otherwise', () => {
    const attempt = () => assertSchoolAccess(user(['school-admin'], OWN), OTHER);
    expect(attempt).toThrow(ForbiddenException);
    expect(attempt).toThrow(OTHER);
  });
});
