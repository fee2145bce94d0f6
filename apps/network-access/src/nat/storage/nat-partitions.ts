/**
 * Daily RANGE COLUMNS partitions of the NAT log tables on `logged_at` (UTC days). Partitions are named
 * dYYYYMMDD and hold [that day, the next); the first one also holds anything older (a late or back-dated
 * line lands there rather than failing), `p_future` (MAXVALUE) anything beyond the last. Maintenance splits
 * `p_future` ahead of time and drops whole days once they are past retention.
 */
export const NAT_TABLES = ['nat_session_log', 'nat_port_block_log'] as const;
export type NatTable = (typeof NAT_TABLES)[number];
export const NAT_FUTURE_PARTITION = 'p_future';

export function dayStart(date: Date, offsetDays = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + offsetDays));
}

export function dayPartitionName(day: Date): string {
  return `d${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

export function dayPartitionClause(day: Date): string {
  const next = dayStart(day, 1).toISOString().slice(0, 10);
  return `PARTITION \`${dayPartitionName(day)}\` VALUES LESS THAN ('${next}')`;
}

/** The PARTITION BY clause a fresh NAT table starts with: `daysBack` days before today through `daysAhead`. */
export function initialDailyPartitioning(now: Date, daysBack: number, daysAhead: number): string {
  const clauses: string[] = [];
  for (let offset = -daysBack; offset <= daysAhead; offset += 1)
    clauses.push(dayPartitionClause(dayStart(now, offset)));
  clauses.push(`PARTITION \`${NAT_FUTURE_PARTITION}\` VALUES LESS THAN (MAXVALUE)`);
  return `PARTITION BY RANGE COLUMNS(\`logged_at\`) (\n  ${clauses.join(',\n  ')}\n)`;
}
