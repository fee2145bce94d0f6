import type { RoleName } from '@edubase/contracts';
import { roleLabels } from '@edubase/labels';

/** A roster column: the Chinese header of the template, and the other headers accepted for it. */
export interface RosterColumn {
  field: RosterField;
  header: string;
  aliases: readonly string[];
  hint: string;
}

export type RosterField =
  | 'staffNo'
  | 'studentNo'
  | 'name'
  | 'mobile'
  | 'email'
  | 'idCardNo'
  | 'birthDate'
  | 'roles'
  | 'department'
  | 'schoolCode';

export const rosterColumns: readonly RosterColumn[] = [
  { field: 'staffNo', header: '工号', aliases: ['staffNo', '教职工号'], hint: '教职工必填 (学生留空)' },
  {
    field: 'studentNo',
    header: '学籍号',
    aliases: ['studentNo', '全国学籍号'],
    hint: '学生必填 (教职工留空)',
  },
  { field: 'name', header: '姓名', aliases: ['name'], hint: '必填' },
  { field: 'mobile', header: '手机', aliases: ['mobile', '手机号', '手机号码'], hint: '11 位手机号' },
  { field: 'email', header: '邮箱', aliases: ['email', '电子邮箱', '邮件'], hint: '' },
  {
    field: 'idCardNo',
    header: '身份证号',
    aliases: ['idCardNo', '身份证', '身份证号码'],
    hint: '18 位，可选',
  },
  { field: 'birthDate', header: '出生日期', aliases: ['birthDate', '生日'], hint: 'YYYY-MM-DD，学生必填' },
  {
    field: 'roles',
    header: '角色',
    aliases: ['roles', 'role'],
    hint: `${roleLabels.teacher}、${roleLabels['school-admin']}、${roleLabels['network-admin']}… 用顿号分隔`,
  },
  {
    field: 'department',
    header: '部门',
    aliases: ['department', '所在部门'],
    hint: '本校已有部门名称，可空',
  },
  { field: 'schoolCode', header: '学校标识码', aliases: ['schoolCode'], hint: '10 位，可空 (默认导入学校)' },
];

/** School-scoped roles a school roster may grant. */
const importableRoleNames = [
  'teacher',
  'school-admin',
  'network-admin',
  'security-officer',
  'leader',
] as const satisfies readonly RoleName[];

/** Other words schools write in their rosters for these roles, besides the label and the identifier. */
const roleAliases: Partial<Record<RoleName, readonly string[]>> = {
  'network-admin': ['网络管理员'],
  'security-officer': ['安全员'],
  leader: ['校领导'],
};

/** The importable roles by Chinese label, alias and identifier. */
export const importableRoles: ReadonlyMap<string, RoleName> = new Map(
  importableRoleNames.flatMap((role) =>
    [roleLabels[role], role, ...(roleAliases[role] ?? [])].map((word) => [word, role] as const),
  ),
);

/** The importable roles as a roster's author reads them, for messages. */
export const importableRoleLabels = importableRoleNames.map((role) => roleLabels[role]).join('、');

export const headerOf = (field: RosterField): string =>
  rosterColumns.find((column) => column.field === field)!.header;

/** Maps a header cell to its field: Chinese headers, the English identifiers, spaces and case ignored. */
export function fieldOfHeader(header: string): RosterField | null {
  const normalised = header.replace(/[\s*＊()（）]/g, '').toLowerCase();
  for (const column of rosterColumns)
    if ([column.header, ...column.aliases].some((name) => name.toLowerCase() === normalised))
      return column.field;
  return null;
}
