import { personStateTable } from '../projections/identity/people.projector';
import type { IndicatorDefinition } from './indicator-definition';

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Active people of an age band, from identity's person events (`minor`, recomputed by identity as
 * birthdays pass and announced as updates): the accounts that call for minors' protection (PIPL Art. 28,
 * 未成年人保护法 Art. 72), a figure leaders and the 数据安全 officer watch per school.
 */
function activeMinors(bands: readonly string[]): IndicatorDefinition['read'] {
  return async (reader, { school }) => {
    const { sql, column } = personStateTable;
    const [row] = await reader.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM ${sql} WHERE ${column.status} = 'active'` +
        ` AND ${column.minor} IN (${bands.map(() => '?').join(', ')})` +
        (school ? ` AND ${column.school_code} = ?` : ''),
      school ? [...bands, school] : [...bands],
    );
    return num(row?.n);
  };
}

/** 未成年人账号: active people under 18. */
const minors: IndicatorDefinition = {
  key: 'people.minors',
  label: '未成年人账号',
  unit: '人',
  format: 'count',
  read: activeMinors(['under-14', 'under-18']),
};

/** 不满十四周岁: the under-14s among them, whose personal information is sensitive (PIPL Art. 28). */
const minorsUnder14: IndicatorDefinition = {
  key: 'people.minors-under-fourteen',
  label: '其中不满十四周岁',
  unit: '人',
  format: 'count',
  read: activeMinors(['under-14']),
};

export const peopleIndicators: readonly IndicatorDefinition[] = [minors, minorsUnder14];
