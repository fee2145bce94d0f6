// What the governance pages share: who may change a record (the service's owner rule), and how a due date, a
// grade and PI flags read. Words from @edubase/labels only; the API's shapes from @edubase/contracts/api/governance.
import type { SystemView } from '@edubase/contracts/api/governance';
import type { AssessmentDueStatus, DataGrade, PiFlag, RoleName } from '@edubase/contracts/vocabulary';
import {
  assessmentDueStatusLabels,
  dataGradeLabels,
  labelOf,
  piFlagLabels,
  protectionLevelLabels,
} from '@edubase/labels';
import { StatusTag, type StatusTone } from '@edubase/web-ui';
import type { ConsoleSession } from '../../session';
import { reach } from '../../session';

/**
 * The service's owner rule (`canReachOwner`): a school's record by the roles' grants for that school, a
 * district record (schoolCode null) only with a district-wide grant.
 */
export function reachesOwner(
  session: ConsoleSession,
  roles: readonly RoleName[],
  schoolCode: string | null,
): boolean {
  const tenancy = reach(session, roles);
  if (tenancy.kind === 'district') return true;
  return schoolCode !== null && tenancy.schoolCodes.includes(schoolCode);
}

/** 区级 for the district's own systems and data (区教育局, 教育学院). */
export const ownerText = (schoolCode: string | null): string => schoolCode ?? '区级';

export const levelText = (level: number | null): string =>
  level === null ? '未定级' : labelOf(protectionLevelLabels, String(level));

export const levelOptions = Object.entries(protectionLevelLabels).map(([value, label]) => ({
  value: Number(value),
  label,
}));

const dueTones: Record<AssessmentDueStatus, StatusTone> = {
  overdue: 'error',
  'due-soon': 'warning',
  'not-due': 'success',
  'not-required': 'neutral',
};

/** Text colours with at least 4.5:1 on white: red for overdue, orange for due soon. */
const dueColours: Partial<Record<AssessmentDueStatus, string>> = {
  overdue: '#b91c1c',
  'due-soon': '#b45309',
};

/** The next 测评 date and where it stands: overdue in red, due soon in orange, with the days. */
export function DueCell(props: { system: SystemView }) {
  const { nextAssessmentDue, due } = props.system;
  const days =
    due.daysLeft === null ? '' : due.daysLeft < 0 ? `逾期 ${-due.daysLeft} 天` : `剩 ${due.daysLeft} 天`;
  return (
    <span
      data-testid="due"
      data-due-status={due.status}
      style={{
        color: dueColours[due.status],
        fontWeight: due.status === 'overdue' ? 600 : undefined,
        whiteSpace: 'nowrap',
      }}
    >
      {nextAssessmentDue ?? '—'}{' '}
      <StatusTag tone={dueTones[due.status]}>{assessmentDueStatusLabels[due.status]}</StatusTag>
      {days}
    </span>
  );
}

const gradeTones: Record<DataGrade, StatusTone> = { general: 'neutral', important: 'warning', core: 'error' };

export function GradeTag(props: { grade: DataGrade | null }) {
  if (props.grade === null) return <StatusTag tone="neutral">未分级</StatusTag>;
  return <StatusTag tone={gradeTones[props.grade]}>{dataGradeLabels[props.grade]}</StatusTag>;
}

/** The strongest PI flag only: 未成年人个人信息 implies 敏感, which implies 个人信息. */
export function strongestFlag(flags: {
  personal: boolean;
  sensitive: boolean;
  minor: boolean;
}): PiFlag | null {
  if (flags.minor) return 'minor';
  if (flags.sensitive) return 'sensitive';
  return flags.personal ? 'personal' : null;
}

export function PiFlagTag(props: { flags: { personal: boolean; sensitive: boolean; minor: boolean } }) {
  const flag = strongestFlag(props.flags);
  if (flag === null) return <span>—</span>;
  return <StatusTag tone={flag === 'personal' ? 'neutral' : 'warning'}>{piFlagLabels[flag]}</StatusTag>;
}

export const flagText = (flags: { personal: boolean; sensitive: boolean; minor: boolean }): string => {
  const flag = strongestFlag(flags);
  return flag === null ? '' : piFlagLabels[flag];
};
