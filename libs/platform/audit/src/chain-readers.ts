import type { DataSource } from 'typeorm';
import type { ChainReader } from '@edubase/contracts/api/audit';

export type { ChainReader } from '@edubase/contracts/api/audit';

/** Entries in [from, to) whose action starts with one of `actionPrefixes`, counted per actor and action. */
export async function chainReaders(
  dataSource: DataSource,
  from: Date,
  to: Date,
  actionPrefixes: readonly string[],
): Promise<ChainReader[]> {
  if (actionPrefixes.length === 0) return [];
  const rows = (await dataSource.query(
    `SELECT actor_id, actor_kind, MAX(actor_name) AS actor_name, action, COUNT(*) AS read_count,
            MIN(occurred_at) AS first_at, MAX(occurred_at) AS last_at
       FROM audit_chain_entry
      WHERE occurred_at >= ? AND occurred_at < ? AND (${actionPrefixes.map(() => 'action LIKE ?').join(' OR ')})
      GROUP BY actor_id, actor_kind, action ORDER BY read_count DESC, actor_id, action LIMIT 1000`,
    [from, to, ...actionPrefixes.map((prefix) => `${prefix.replace(/[%_\\]/g, '\\$&')}%`)],
  )) as Record<string, string | Date | null>[];
  return rows.map((row) => ({
    actorId: String(row.actor_id),
    actorKind: String(row.actor_kind),
    actorName: row.actor_name === null ? null : String(row.actor_name),
    action: String(row.action),
    reads: Number(row.read_count),
    firstAt: new Date(row.first_at as Date).toISOString(),
    lastAt: new Date(row.last_at as Date).toISOString(),
  }));
}
