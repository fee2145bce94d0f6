import { addMonths } from '../common/clock';
import { dueState, nextAssessmentDue } from './assessment-schedule';

describe('等保 assessment schedule', () => {
  const base = { lastAssessedOn: null, filingDate: null, registeredOn: '2026-03-01' };

  it('asks level 3 yearly and level 4 and 5 every half year, from the last assessment', () => {
    const assessed = { ...base, lastAssessedOn: '2026-05-20', filingDate: '2025-01-10' };
    expect(nextAssessmentDue({ ...assessed, protectionLevel: 3 })).toBe('2027-05-20');
    expect(nextAssessmentDue({ ...assessed, protectionLevel: 4 })).toBe('2026-11-20');
    expect(nextAssessmentDue({ ...assessed, protectionLevel: 5 })).toBe('2026-11-20');
  });

  it('counts a never assessed system from its 备案 date, else its registration, and never dues levels 1-2', () => {
    expect(nextAssessmentDue({ ...base, filingDate: '2026-02-01', protectionLevel: 3 })).toBe('2027-02-01');
    expect(nextAssessmentDue({ ...base, protectionLevel: 3 })).toBe('2027-03-01');
    expect(nextAssessmentDue({ ...base, protectionLevel: 2 })).toBeNull();
    expect(nextAssessmentDue({ ...base, protectionLevel: null })).toBeNull();
  });

  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 12)).toBe('2027-12-15');
  });

  it('reaches the smallest reminder threshold, and is overdue the day after the due date', () => {
    const days = [60, 30, 7];
    expect(dueState('2027-03-01', '2026-12-01', days)).toEqual({
      status: 'not-due',
      daysLeft: 90,
      reminderDays: null,
    });
    expect(dueState('2027-03-01', '2027-01-30', days)).toEqual({
      status: 'due-soon',
      daysLeft: 30,
      reminderDays: 30,
    });
    expect(dueState('2027-03-01', '2027-02-27', days)).toEqual({
      status: 'due-soon',
      daysLeft: 2,
      reminderDays: 7,
    });
    expect(dueState('2027-03-01', '2027-03-01', days).status).toBe('due-soon');
    expect(dueState('2027-03-01', '2027-03-02', days)).toEqual({
      status: 'overdue',
      daysLeft: -1,
      reminderDays: null,
    });
    expect(dueState(null, '2027-03-02', days).status).toBe('not-required');
  });
});
