/**
 * Monthly RANGE COLUMNS partitions of `session` on `started_at`. Partitions are named pYYYYMM and hold
 * [first day of that month, first day of the next); `p_history` holds everything older than the first
 * monthly one and `p_future` (MAXVALUE) anything beyond the last, so an insert never fails for want of a
 * partition. Maintenance splits `p_future` ahead of time and drops partitions entirely past retention.
 */
export const SESSION_TABLE = 'session';
export const HISTORY_PARTITION = 'p_history';
export const FUTURE_PARTITION = 'p_future';

export function monthStart(date: Date, offsetMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1));
}

export function partitionName(month: Date): string {
  return `p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** '2026-03-01' — the literal MariaDB compares `started_at` with. */
export function boundLiteral(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function monthlyPartitionClause(month: Date): string {
  return `PARTITION \`${partitionName(month)}\` VALUES LESS THAN ('${boundLiteral(monthStart(month, 1))}')`;
}

/** The PARTITION BY clause a fresh table starts with: history, `monthsBack` before now through `monthsAhead`. */
export function initialPartitioning(now: Date, monthsBack: number, monthsAhead: number): string {
  const first = monthStart(now, -monthsBack);
  const clauses = [`PARTITION \`${HISTORY_PARTITION}\` VALUES LESS THAN ('${boundLiteral(first)}')`];
  for (let offset = -monthsBack; offset <= monthsAhead; offset += 1) {
    clauses.push(monthlyPartitionClause(monthStart(now, offset)));
  }
  clauses.push(`PARTITION \`${FUTURE_PARTITION}\` VALUES LESS THAN (MAXVALUE)`);
  return `PARTITION BY RANGE COLUMNS(\`started_at\`) (\n  ${clauses.join(',\n  ')}\n)`;
}
