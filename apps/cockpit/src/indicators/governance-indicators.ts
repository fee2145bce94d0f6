import {
  governanceChainBreakTable,
  governanceMinorsAuditStateTable,
} from '../projections/governance/compliance.projector';
import { governanceDatasetStateTable } from '../projections/governance/datasets.projector';
import { governanceSystemStateTable } from '../projections/governance/systems.projector';
import type { IndicatorDefinition, ProjectionReader } from './indicator-definition';

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** Today's date in Shanghai (UTC+8), as the register's due dates are written. */
const shanghaiDate = (now: Date): string =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

async function one(reader: ProjectionReader, sql: string, school: string | null, params: unknown[] = []) {
  const [row] = await reader.query<Record<string, string | null>>(sql, school ? [...params, school] : params);
  return row ?? {};
}

const systems = governanceSystemStateTable;
const datasets = governanceDatasetStateTable;

/** 三级及以上信息系统: systems graded level 3 or above, the ones 等保 asks to be assessed every year or more. */
const systemsLevelThreePlus: IndicatorDefinition = {
  key: 'governance.systems-level-three-plus',
  label: '三级及以上信息系统',
  unit: '个',
  format: 'count',
  async read(reader, { school }) {
    const { sql, column } = systems;
    const row = await one(
      reader,
      `SELECT COUNT(*) AS n FROM ${sql} WHERE ${column.protection_level} >= '3'` +
        (school ? ` AND ${column.school_code} = ?` : ''),
      school,
    );
    return num(row.n);
  },
};

/** 等保测评逾期: systems whose next 等级测评 was due before today (Shanghai), shown in red on the dashboard. */
const systemsAssessmentOverdue: IndicatorDefinition = {
  key: 'governance.systems-assessment-overdue',
  label: '等保测评逾期系统',
  unit: '个',
  format: 'count',
  alertAbove: 0,
  async read(reader, { school, now }) {
    const { sql, column } = systems;
    const row = await one(
      reader,
      `SELECT COUNT(*) AS n FROM ${sql} WHERE ${column.next_assessment_due} < ?` +
        (school ? ` AND ${column.school_code} = ?` : ''),
      school,
      [shanghaiDate(now)],
    );
    return num(row.n);
  },
};

/** 字段分类分级完成率: classified fields over catalogued fields; null with nothing catalogued. */
const fieldsClassifiedShare: IndicatorDefinition = {
  key: 'governance.fields-classified-share',
  label: '字段分类分级完成率',
  unit: '',
  format: 'share',
  async read(reader, { school }) {
    const { sql, column } = datasets;
    const row = await one(
      reader,
      `SELECT SUM(${column.fields}) AS fields, SUM(${column.classified_fields}) AS classified FROM ${sql}` +
        (school ? ` WHERE ${column.school_code} = ?` : ''),
      school,
    );
    return num(row.fields) === 0 ? null : num(row.classified) / num(row.fields);
  },
};

/** 重要及核心个人信息字段: PI fields graded 重要 or 核心, those needing the strongest protection. */
const piFieldsImportantOrCore: IndicatorDefinition = {
  key: 'governance.pi-fields-important-core',
  label: '重要及核心个人信息字段',
  unit: '个',
  format: 'count',
  async read(reader, { school }) {
    const { sql, column } = datasets;
    const row = await one(
      reader,
      `SELECT SUM(${column.pi_important}) + SUM(${column.pi_core}) AS n FROM ${sql}` +
        (school ? ` WHERE ${column.school_code} = ?` : ''),
      school,
    );
    return num(row.n);
  },
};

/** 一般个人信息字段: the rest of the PI fields, so the three grades add up to all PI fields. */
const piFieldsGeneral: IndicatorDefinition = {
  key: 'governance.pi-fields-general',
  label: '一般个人信息字段',
  unit: '个',
  format: 'count',
  async read(reader, { school }) {
    const { sql, column } = datasets;
    const row = await one(
      reader,
      `SELECT SUM(${column.pi_general}) AS n FROM ${sql}` +
        (school ? ` WHERE ${column.school_code} = ?` : ''),
      school,
    );
    return num(row.n);
  },
};

/** 未整改合规问题: findings of the minors' PI compliance audits whose 整改 is still open, per school. */
const openComplianceFindings: IndicatorDefinition = {
  key: 'governance.open-compliance-findings',
  label: '未整改合规问题',
  unit: '项',
  format: 'count',
  async read(reader, { school }) {
    const { sql, column } = governanceMinorsAuditStateTable;
    const row = await one(
      reader,
      `SELECT SUM(${column.open_findings}) AS n FROM ${sql}` +
        (school ? ` WHERE ${column.school_code} = ?` : ''),
      school,
    );
    return num(row.n);
  },
};

/**
 * 近30日审计链断裂服务: services whose tamper-evident chain governance found broken in the last 30 days. The
 * chains are the district's, so a school's overview has nothing to show.
 */
const brokenAuditChains: IndicatorDefinition = {
  key: 'governance.audit-chains-broken',
  label: '近30日审计链断裂服务',
  unit: '个',
  format: 'count',
  async read(reader, { school, now }) {
    if (school) return null;
    const { sql, column } = governanceChainBreakTable;
    const row = await one(reader, `SELECT COUNT(*) AS n FROM ${sql} WHERE ${column.broken_at} >= ?`, null, [
      new Date(now.getTime() - 30 * 86_400_000),
    ]);
    return num(row.n);
  },
};

/** 数据治理's indicators, in the order the dashboard shows them. */
export const governanceIndicators: readonly IndicatorDefinition[] = [
  systemsLevelThreePlus,
  systemsAssessmentOverdue,
  fieldsClassifiedShare,
  piFieldsImportantOrCore,
  piFieldsGeneral,
  openComplianceFindings,
  brokenAuditChains,
];
