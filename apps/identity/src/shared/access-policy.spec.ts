import { personCaller, systemCaller } from '@edubase/testing';
import { canRead, canWriteSchool, defaultWriteSchool, readableSchools } from './access-policy';
import { clearanceFor } from '@edubase/masking';
import { PERSON_DATASET } from './data-classification';

/** Whether the caller sees a person's 身份证号 (核心) in full. */
const seesPersonalData = (user: Parameters<typeof clearanceFor>[0], schoolCode: string | null) =>
  clearanceFor(user, PERSON_DATASET, schoolCode) === 'core';

const A = '3101200001';
const B = '3101200002';
const system = systemCaller;

describe('identity access policy', () => {
  const adminA = personCaller([`school-admin@${A}`], A);
  const teacherA = personCaller([`teacher@${A}`], A);
  const districtAdmin = personCaller(['district-admin@district']);
  const leader = personCaller(['leader@district']);
  const schoolLeaderB = personCaller([`leader@${B}`], B);
  const nobodyA = personCaller([], A);

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
    expect(readableSchools(adminA)).toEqual([A]);
    expect(readableSchools(districtAdmin)).toBeUndefined();
    expect(readableSchools(system(['identity:read']))).toBeUndefined();
  });

  it('keeps a school-scoped leader (校领导) to that school, and a caller without grants out of everything', () => {
    expect(canRead(schoolLeaderB, B)).toBe(true);
    expect(canRead(schoolLeaderB, A)).toBe(false);
    expect(canRead(schoolLeaderB, null)).toBe(false);
    expect(readableSchools(schoolLeaderB)).toEqual([B]);
    expect(canWriteSchool(schoolLeaderB, B)).toBe(false);
    expect(canRead(nobodyA, A)).toBe(false);
    expect(readableSchools(nobodyA)).toEqual([]);
  });

  it('imports into the one school a school admin administers, and asks when there are several', () => {
    expect(defaultWriteSchool(adminA)).toBe(A);
    expect(defaultWriteSchool(districtAdmin)).toBeNull();
    expect(() => defaultWriteSchool(personCaller([`school-admin@${A}`, `school-admin@${B}`]))).toThrow(
      'Invalid field: schoolCode',
    );
    expect(() => defaultWriteSchool(teacherA)).toThrow('administers no school');
  });

  it("clears core personal data for the district admin, the person's own school admin and writing systems only", () => {
    expect(seesPersonalData(districtAdmin, '3101200002')).toBe(true);
    expect(seesPersonalData(adminA, '3101200001')).toBe(true);
    expect(seesPersonalData(adminA, '3101200002')).toBe(false);
    expect(seesPersonalData(teacherA, '3101200001')).toBe(false);
    expect(seesPersonalData(leader, '3101200001')).toBe(false);
    expect(seesPersonalData(system(['identity:read']), '3101200001')).toBe(false);
    expect(seesPersonalData(system(['identity:read', 'identity:write']), '3101200001')).toBe(true);
  });
});
