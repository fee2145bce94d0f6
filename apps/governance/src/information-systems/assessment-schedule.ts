import type { AssessmentDueStatus } from '@edubase/contracts';
import type { DueState } from '@edubase/contracts/api/governance';
import { addMonths, daysBetween } from '../common/clock';

/**
 * How often a system of each 等保 level is assessed (等级测评), in months. GB/T 22239-2019 leaves the period
 * to the rules: 公安部's practice (GB/T 28448 testing, 《网络安全等级保护条例(征求意见稿)》 Art. 27) asks a
 * level 3 system once a year and a level 4 system every half year; level 5 is held to at least level 4's
 * period. Levels 1 and 2 carry no mandatory periodic assessment, so they are never due.
 */
export const ASSESSMENT_INTERVAL_MONTHS: Readonly<Record<number, number | undefined>> = { 3: 12, 4: 6, 5: 6 };

/**
 * The date the next assessment is due: one interval after the last assessment, or after the 备案 date (else
 * the registration date) for a system never assessed. Null for levels without a mandatory period.
 */
export function nextAssessmentDue(system: {
  protectionLevel: number | null;
  lastAssessedOn: string | null;
  filingDate: string | null;
  registeredOn: string;
}): string | null {
  const months =
    system.protectionLevel === null ? undefined : ASSESSMENT_INTERVAL_MONTHS[system.protectionLevel];
  if (months === undefined) return null;
  return addMonths(system.lastAssessedOn ?? system.filingDate ?? system.registeredOn, months);
}

export type DueStatus = AssessmentDueStatus;

export type { DueState } from '@edubase/contracts/api/governance';

/** Where a due date stands today, given the reminder thresholds (days before the date, e.g. 60, 30, 7). */
export function dueState(due: string | null, today: string, reminderDays: readonly number[]): DueState {
  if (due === null) return { status: 'not-required', daysLeft: null, reminderDays: null };
  const daysLeft = daysBetween(today, due);
  if (daysLeft < 0) return { status: 'overdue', daysLeft, reminderDays: null };
  const reached = [...reminderDays].sort((a, b) => a - b).find((days) => daysLeft <= days) ?? null;
  return { status: reached === null ? 'not-due' : 'due-soon', daysLeft, reminderDays: reached };
}
