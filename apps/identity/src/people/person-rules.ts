import type { FieldError } from '@edubase/http';
import { personNameProblem } from './person-name';
import type { RoleGrantDraft } from '../roles/role-rules';
import { birthDateOfIdCard } from './id-card';
import type { PersonKind } from './person.entity';

/**
 * A person to create, whoever asks: the REST API (`CreatePersonDto`), SCIM, the demo seed or a roster row.
 * Formats are the caller's to check (DTO validation, roster validation); the rules below are the domain's.
 */
export interface PersonDraft {
  kind: PersonKind;
  name: string;
  /** A school, a department, the bureau or a centre; the person's school follows from it. */
  orgId: string;
  staffNo?: string | null;
  studentNo?: string | null;
  mobile?: string | null;
  email?: string | null;
  idCardNo?: string | null;
  birthDate?: string | null;
  /** Roles granted with the creation, in the same transaction. */
  roles?: readonly RoleGrantDraft[];
}

/** The earliest birth date accepted: anyone older is a typing error, not a member of a school. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * A birth date must have happened (`today`, Shanghai) and not before 1900: a future date is a typing error,
 * and would make someone a minor for years to come. The format is the DTO's (or the roster's) to check.
 */
export function birthDateRangeProblem(birthDate: string | null, today: string): FieldError | null {
  if (!birthDate) return null;
  if (birthDate > today) return { field: 'birthDate', reason: `${birthDate} is in the future` };
  if (birthDate < EARLIEST_BIRTH_DATE)
    return { field: 'birthDate', reason: `${birthDate} is before ${EARLIEST_BIRTH_DATE}` };
  return null;
}

/**
 * The birth date to keep: the one given, else the one the 身份证号 carries. The number's check digit
 * vouches for its date, and deriving it means the minor rule applies to everyone whose card is on file;
 * a date given beside a card must agree with it (`birthDateProblem`), so the two never diverge.
 */
export function effectiveBirthDate(idCardNo: string | null, birthDate: string | null): string | null {
  if (birthDate) return birthDate;
  return idCardNo ? birthDateOfIdCard(idCardNo) : null;
}

/** A birth date given with a 身份证号 must be the one the number carries. */
export function birthDateProblem(idCardNo: string | null, birthDate: string | null): FieldError | null {
  if (!idCardNo || !birthDate) return null;
  const fromCard = birthDateOfIdCard(idCardNo);
  return fromCard === birthDate
    ? null
    : { field: 'birthDate', reason: `${birthDate} differs from the 身份证号's ${fromCard}` };
}

/**
 * Staff have a 工号 and no 学籍号; students a 学籍号, a birth date (given, or read from the 身份证号) and
 * no 工号. A birth date is a day that has happened (`today`, Shanghai).
 */
export function personDraftProblems(draft: PersonDraft, today: string): FieldError[] {
  const problems: FieldError[] = [];
  const name = personNameProblem(draft.name);
  if (name) problems.push({ field: 'name', reason: name });
  if (draft.kind === 'staff') {
    if (!draft.staffNo) problems.push({ field: 'staffNo', reason: 'staff need a 工号' });
    if (draft.studentNo) problems.push({ field: 'studentNo', reason: 'staff have no 学籍号' });
  } else {
    if (!draft.studentNo) problems.push({ field: 'studentNo', reason: 'students need a 学籍号' });
    if (!effectiveBirthDate(draft.idCardNo ?? null, draft.birthDate ?? null))
      problems.push({ field: 'birthDate', reason: 'students need a birth date' });
    if (draft.staffNo) problems.push({ field: 'staffNo', reason: 'students have no 工号' });
    if (draft.roles?.length) problems.push({ field: 'roles', reason: 'roles are for staff, not students' });
  }
  const range = birthDateRangeProblem(draft.birthDate ?? null, today);
  if (range) problems.push(range);
  if (problems.length > 0) return problems;
  const birthDate = birthDateProblem(draft.idCardNo ?? null, draft.birthDate ?? null);
  return birthDate ? [birthDate] : [];
}
