import { personNameProblem } from '../people/person-name';
import { isEmail } from 'class-validator';
import type { RoleName } from '@edubase/contracts';
import type { RosterRowError } from '@edubase/contracts/api/identity';
import { birthDateOfIdCard, isValidIdCardNo } from '../people/id-card';
import type { PersonKind } from '../people/person.entity';
import { birthDateRangeProblem, EARLIEST_BIRTH_DATE } from '../people/person-rules';
import { todayInShanghai } from '../shared/dates';
import { headerOf, importableRoleLabels, importableRoles, RosterField } from './roster-columns';
import type { ParsedRoster } from './roster-file';

/** One problem of one row: what the user must fix, where (row as numbered in the file, column header). */
export type RowError = RosterRowError;

/** A row that passed every check, ready to insert. */
export interface RosterRecord {
  row: number;
  kind: PersonKind;
  staffNo: string | null;
  studentNo: string | null;
  name: string;
  mobile: string | null;
  email: string | null;
  idCardNo: string | null;
  birthDate: string | null;
  orgId: string;
  schoolCode: string;
  roles: RoleName[];
}

export interface RosterContext {
  /** School of rows that name none (the import's school); null when every row must name its own. */
  defaultSchoolCode: string | null;
  /** 学校标识码 → the school's org unit id. */
  schools: ReadonlyMap<string, string>;
  /** Whether the importing caller may write people of this school (a school admin: their own only). */
  writable(schoolCode: string): boolean;
  /** `<学校标识码>/<部门名称>` → department org unit id. */
  departments: ReadonlyMap<string, string>;
  /** Values already held by someone in the database (工号 and 邮箱 in lower case). */
  existing: {
    staffNos: ReadonlySet<string>;
    studentNos: ReadonlySet<string>;
    idCardNos: ReadonlySet<string>;
    emails: ReadonlySet<string>;
  };
  /** Today in Shanghai (`YYYY-MM-DD`): a birth date after it is refused. Defaults to the wall clock. */
  today?: string;
}

const staffNoPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;
const studentNoPattern = /^[A-Za-z0-9]{6,32}$/;
const mobilePattern = /^1[3-9]\d{9}$/;
const schoolCodePattern = /^\d{10}$/;

/** YYYY-MM-DD (also YYYY/MM/DD and YYYY.MM.DD, as Excel users type them) when it is a real day. */
export function normaliseDate(value: string): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Values the other rows already used, to report the row that first had them. */
class FirstSeen {
  private readonly rows = new Map<string, number>();
  claim(value: string, row: number): number | null {
    const first = this.rows.get(value);
    if (first !== undefined) return first;
    this.rows.set(value, row);
    return null;
  }
}

/**
 * Checks every row and collects every problem (a dry run reports them all at once): required fields,
 * formats, the 身份证号 check digit, duplicates within the file and against the database, unknown schools
 * and departments, roles a school roster may grant.
 */
export function validateRoster(
  roster: ParsedRoster,
  context: RosterContext,
): { errors: RowError[]; records: RosterRecord[] } {
  const errors: RowError[] = [];
  const records: RosterRecord[] = [];
  const today = context.today ?? todayInShanghai();
  const seen = {
    staffNo: new FirstSeen(),
    studentNo: new FirstSeen(),
    idCardNo: new FirstSeen(),
    email: new FirstSeen(),
  };
  const column = (field: RosterField) => roster.headers[field] ?? headerOf(field);

  for (const { row, values } of roster.rows) {
    const rowErrors: RowError[] = [];
    const fail = (field: RosterField, reason: string) =>
      rowErrors.push({ row, column: column(field), reason });
    const unique = (
      field: 'staffNo' | 'studentNo' | 'idCardNo' | 'email',
      value: string,
      existing: ReadonlySet<string>,
    ) => {
      const key = field === 'staffNo' || field === 'email' ? value.toLowerCase() : value;
      const first = seen[field].claim(key, row);
      if (first !== null) fail(field, `与第 ${first} 行重复 (duplicate of row ${first})`);
      else if (existing.has(key)) fail(field, '系统中已存在 (already in use in identity)');
    };

    const name = values.name ?? '';
    if (!name) fail('name', '姓名必填 (required)');
    else if (name.length > 100) fail('name', '姓名最多 100 个字符');
    else {
      const problem = personNameProblem(name);
      if (problem) fail('name', `姓名含不允许的字符 (${problem})`);
    }

    const staffNo = values.staffNo ?? null;
    const studentNo = values.studentNo ?? null;
    let kind: PersonKind = 'staff';
    if (staffNo && studentNo) {
      fail('studentNo', '工号和学籍号只能填一个 (a row is either staff or a student)');
    } else if (!staffNo && !studentNo) {
      fail('staffNo', '工号 (教职工) 或 学籍号 (学生) 必填其一 (required)');
    } else if (staffNo) {
      if (!staffNoPattern.test(staffNo)) fail('staffNo', '工号须为 2-32 位字母、数字、点、横线或下划线');
      else unique('staffNo', staffNo, context.existing.staffNos);
    } else if (studentNo) {
      kind = 'student';
      if (!studentNoPattern.test(studentNo)) fail('studentNo', '学籍号须为 6-32 位字母或数字');
      else unique('studentNo', studentNo, context.existing.studentNos);
    }

    const mobile = values.mobile ? values.mobile.replace(/[\s-]/g, '') : null;
    if (mobile && !mobilePattern.test(mobile)) fail('mobile', '手机号须为 11 位大陆手机号 (1[3-9] 开头)');

    const email = values.email ?? null;
    if (email) {
      if (!isEmail(email) || email.length > 254) fail('email', '邮箱格式不正确');
      // Keycloak refuses two accounts with one e-mail (duplicateEmailsAllowed=false).
      else if (kind === 'staff') unique('email', email, context.existing.emails);
    }

    const idCardNo = values.idCardNo ? values.idCardNo.toUpperCase() : null;
    if (idCardNo) {
      if (!isValidIdCardNo(idCardNo))
        fail('idCardNo', '身份证号无效: 须 18 位，出生日期真实，校验位 (ISO 7064 MOD 11-2) 正确');
      else unique('idCardNo', idCardNo, context.existing.idCardNos);
    }

    let birthDate: string | null = null;
    const idCardValid = idCardNo !== null && isValidIdCardNo(idCardNo);
    if (values.birthDate) {
      birthDate = normaliseDate(values.birthDate);
      if (!birthDate) fail('birthDate', '出生日期须为真实日期 YYYY-MM-DD');
      else if (birthDateRangeProblem(birthDate, today))
        fail('birthDate', `出生日期须在 ${EARLIEST_BIRTH_DATE} 与今天之间 (not in the future)`);
    } else if (idCardValid) {
      // The card's date, as for the API (person-rules effectiveBirthDate).
      birthDate = birthDateOfIdCard(idCardNo);
    } else if (kind === 'student') fail('birthDate', '学生须填出生日期 (required for students)');
    if (birthDate && idCardValid) {
      const fromCard = birthDateOfIdCard(idCardNo);
      if (fromCard !== birthDate) fail('birthDate', `与身份证号中的出生日期 ${fromCard} 不一致`);
    }

    const schoolCode = values.schoolCode ?? context.defaultSchoolCode;
    let schoolId: string | undefined;
    if (!schoolCode) fail('schoolCode', '学校标识码必填 (this import names no school)');
    else if (!schoolCodePattern.test(schoolCode)) fail('schoolCode', '学校标识码须为 10 位数字');
    else if (!(schoolId = context.schools.get(schoolCode)))
      fail('schoolCode', `未知学校 ${schoolCode} (unknown school)`);
    else if (!context.writable(schoolCode))
      fail(
        'schoolCode',
        `无权导入学校 ${schoolCode} 的人员 (you may import only into the school you administer)`,
      );

    let orgId = schoolId;
    if (values.department && schoolId) {
      orgId = context.departments.get(`${schoolCode}/${values.department}`);
      if (!orgId) fail('department', `本校没有部门 “${values.department}” (unknown department)`);
    }

    const roles: RoleName[] = [];
    if (values.roles) {
      if (kind === 'student') fail('roles', '学生不能有角色 (roles are for staff)');
      for (const label of values.roles.split(/[,，、;；\s]+/).filter(Boolean)) {
        const role = importableRoles.get(label) ?? importableRoles.get(label.toLowerCase());
        if (!role) fail('roles', `未知或不可导入的角色 “${label}” (${importableRoleLabels})`);
        else if (!roles.includes(role)) roles.push(role);
      }
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    records.push({
      row,
      kind,
      staffNo: kind === 'staff' ? staffNo : null,
      studentNo: kind === 'student' ? studentNo : null,
      name,
      mobile,
      email,
      idCardNo,
      birthDate,
      orgId: orgId!,
      schoolCode: schoolCode!,
      roles,
    });
  }
  return { errors, records };
}
