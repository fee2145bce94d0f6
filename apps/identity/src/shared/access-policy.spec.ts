import type { AuthenticatedUser } from '@edubase/auth';
import type { RoleName } from '@edubase/contracts';
import { canRead, canWriteSchool, readScopeSchool, seesPersonalData } from './access-policy';

const person = (roles: RoleName[], schoolCode: string | null): AuthenticatedUser => ({
  subject: 's',
  username: 'u',
  roles,
  schoolCode,
  scopes: [],
  clientId: 'edubase-web',
  isServiceAccount: false,
});
const system = (scopes: string[]): AuthenticatedUser => ({
  subject: 's',
  username: 'service-account-hr',
  roles: [],
  schoolCode: null,
  scopes,
  clientId: 'hr',
  isServiceAccount: true,
});

describe('identity access policy', () => {
  const adminA = person(['school-admin'], '3101200001');
  const teacherA = person(['teacher'], '3101200001');
  const districtAdmin = person(['district-admin'], null);
  const leader = person(['leader'], null);

  it('lets a school admin write only their own school, and nobody but district writers touch district records', () => {
    expect(canWriteSchool(adminA, '3101200001')).toBe(true);
    expect(canWriteSchool(adminA, '3101200002')).toBe(false);
    expect(canWriteSchool(adminA, null)).toBe(false);
    expect(canWriteSchool(teacherA, '3101200001')).toBe(false);
    expect(canWriteSchool(districtAdmin, '3101200002')).toBe(true);
    expect(canWriteSchool(districtAdmin, null)).toBe(true);
    expect(canWriteSchool(leader, '3101200002')).toBe(false);
    expect(canWriteSchool(system(['identity:write']), null)).toBe(true);
    expect(canWriteSchool(system(['identity:read']), '3101200001')).toBe(false);
  });

  it('limits school staff to their school for reads; district staff and systems read everywhere', () => {
    expect(canRead(teacherA, '3101200001')).toBe(true);
    expect(canRead(teacherA, '3101200002')).toBe(false);
    expect(canRead(teacherA, null)).toBe(false);
    expect(canRead(leader, '3101200002')).toBe(true);
    expect(canRead(leader, null)).toBe(true);
    expect(readScopeSchool(adminA)).toBe('3101200001');
    expect(readScopeSchool(districtAdmin)).toBeNull();
    expect(readScopeSchool(system(['identity:read']))).toBeNull();
  });

  it("shows personal data to the district admin, the person's own school admin and writing systems only", () => {
    expect(seesPersonalData(districtAdmin, '3101200002')).toBe(true);
    expect(seesPersonalData(adminA, '3101200001')).toBe(true);
    expect(seesPersonalData(adminA, '3101200002')).toBe(false);
    expect(seesPersonalData(teacherA, '3101200001')).toBe(false);
    expect(seesPersonalData(leader, '3101200001')).toBe(false);
    expect(seesPersonalData(system(['identity:read']), '3101200001')).toBe(false);
    expect(seesPersonalData(system(['identity:read', 'identity:write']), '3101200001')).toBe(true);
  });
});
