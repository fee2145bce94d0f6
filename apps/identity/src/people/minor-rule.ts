import type { MinorCategory } from '@edubase/contracts/vocabulary';

export type { MinorCategory } from '@edubase/contracts/vocabulary';

/** 未成年人: under 18 (民法典 Art. 17); under 14 their personal information is sensitive (PIPL Art. 28). */
export const ADULT_AGE = 18;
export const SENSITIVE_MINOR_AGE = 14;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The latest birth date of someone who is `years` old (周岁) on `today` (both `YYYY-MM-DD`): the same day
 * `years` earlier. Born on 29 February, one reaches an age on 1 March in a common year, so a 29 February
 * with no such day in the earlier year becomes the 28th.
 */
export function bornOnOrBefore(today: string, years: number): string {
  const year = Number(today.slice(0, 4)) - years;
  const monthDay = today.slice(5);
  const day = monthDay === '02-29' && !isLeapYear(year) ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${day}`;
}

/** The minor category of someone born on `birthDate` on `today`; null for adults and unknown birth dates. */
export function minorCategory(birthDate: string | null, today: string): MinorCategory | null {
  if (!birthDate) return null;
  if (birthDate > bornOnOrBefore(today, SENSITIVE_MINOR_AGE)) return 'under-14';
  if (birthDate > bornOnOrBefore(today, ADULT_AGE)) return 'under-18';
  return null;
}

/** A minor's record gets the strongest treatment of @edubase/masking (the fields' `minorGrade`). */
export const isMinor = (category: MinorCategory | null): boolean => category !== null;
