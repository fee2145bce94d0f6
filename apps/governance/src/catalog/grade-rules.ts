import { dataGrades, type DataGrade } from '@edubase/contracts';
import type { PiLabel } from '../classification/detection/recognizers';

const rank = (grade: DataGrade | null): number => (grade === null ? -1 : dataGrades.indexOf(grade));

/** The stricter of grades (就高从严); null when none is graded. */
export function highestGrade(grades: Iterable<DataGrade | null>): DataGrade | null {
  let highest: DataGrade | null = null;
  for (const grade of grades) if (rank(grade) > rank(highest)) highest = grade;
  return highest;
}

export interface PiFlags {
  personal: boolean;
  sensitive: boolean;
  minor: boolean;
}

/** Minors' PI is sensitive PI (PIPL Art. 28), and sensitive PI is PI: the flags imply upwards. */
export function impliedFlags(flags: PiFlags): PiFlags {
  const sensitive = flags.sensitive || flags.minor;
  return { personal: flags.personal || sensitive, sensitive, minor: flags.minor };
}

/**
 * What a detected label suggests for a field. 身份证号, 学籍号 and bank cards are sensitive PI (GB/T 35273's
 * examples) and graded 重要 in bulk; a 学籍号 is a student's, so a minor's; mobiles and e-mail are PI, 一般.
 */
export function suggestionFor(label: Exclude<PiLabel, 'none'>): PiFlags & { grade: DataGrade } {
  switch (label) {
    case 'id_card':
    case 'bank_card':
      return { grade: 'important', personal: true, sensitive: true, minor: false };
    case 'student_no':
      return { grade: 'important', personal: true, sensitive: true, minor: true };
    case 'mobile':
    case 'email':
      return { grade: 'general', personal: true, sensitive: false, minor: false };
  }
}
