import { isValidIdCardNo } from '../people/id-card';
import { minorCategory } from '../people/minor-rule';
import { demoBirthDate, demoIdCardNo, demoStudents } from './demo-students';

describe('demo students', () => {
  it('have distinct 学籍号 and valid, distinct 身份证号 carrying their birth date', () => {
    expect(new Set(demoStudents.map((student) => student.studentNo)).size).toBe(demoStudents.length);
    const cards = demoStudents
      .filter((student) => student.withIdCard)
      .map((student) => demoIdCardNo(student, demoBirthDate(student, 2026)));
    expect(new Set(cards).size).toBe(cards.length);
    expect(cards.every(isValidIdCardNo)).toBe(true);
  });

  it('span both minor bands and adults on a December day', () => {
    const bands = demoStudents.map((student) => minorCategory(demoBirthDate(student, 2026), '2026-12-05'));
    expect(new Set(bands)).toEqual(new Set(['under-14', 'under-18', null]));
  });
});
