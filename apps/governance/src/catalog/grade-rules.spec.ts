import { highestGrade, impliedFlags, suggestionFor } from './grade-rules';

describe('grade rules', () => {
  it('takes the highest grade (就高从严), null when nothing is graded', () => {
    expect(highestGrade(['general', null, 'core', 'important'])).toBe('core');
    expect(highestGrade([null, null])).toBeNull();
    expect(highestGrade([])).toBeNull();
  });

  it('makes minors’ PI sensitive and sensitive PI personal', () => {
    expect(impliedFlags({ personal: false, sensitive: false, minor: true })).toEqual({
      personal: true,
      sensitive: true,
      minor: true,
    });
    expect(impliedFlags({ personal: false, sensitive: true, minor: false })).toEqual({
      personal: true,
      sensitive: true,
      minor: false,
    });
  });

  it('suggests a student number as a minor’s sensitive PI', () => {
    expect(suggestionFor('student_no')).toEqual({
      grade: 'important',
      personal: true,
      sensitive: true,
      minor: true,
    });
    expect(suggestionFor('mobile').grade).toBe('general');
  });
});
