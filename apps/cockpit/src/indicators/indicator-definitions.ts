import { terminalStateTable } from '../projections/netaccess/devices.projector';
import { shanghaiMonthStart } from '../projections/time-buckets';
import { governanceIndicators } from './governance-indicators';
import { peopleIndicators } from './people-indicators';
import type { IndicatorDefinition } from './indicator-definition';

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * 本月新增信创终端: domestic terminals registered since the first of this Shanghai month, the progress of
 * the 信创 replacement leaders report on. Terminals registered before `registered_at` existed count once a
 * `cockpit:rebuild` has replayed their events.
 */
const domesticTerminalsThisMonth: IndicatorDefinition = {
  key: 'devices.domestic-registered-this-month',
  label: '本月新增信创终端',
  unit: '台',
  format: 'count',
  async read(reader, { school, now }) {
    const { sql, column } = terminalStateTable;
    const [row] = await reader.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM ${sql} WHERE ${column.is_domestic} = 1 AND ${column.registered_at} >= ?` +
        (school ? ` AND ${column.school_code} = ?` : ''),
      school ? [shanghaiMonthStart(now), school] : [shanghaiMonthStart(now)],
    );
    return num(row?.n);
  },
};

/**
 * Every indicator of the overview beyond its fixed sections, in the order the dashboard shows them.
 * Adding one: its definition here (reading the projection tables through their definitions, so the
 * compiler checks the column names) and, if it needs new facts, the projector step that writes them.
 */
export const indicatorDefinitions: readonly IndicatorDefinition[] = [
  domesticTerminalsThisMonth,
  ...peopleIndicators,
  ...governanceIndicators,
];
