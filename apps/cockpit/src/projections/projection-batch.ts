import type { EntityManager } from 'typeorm';
import { indicatorBucketTable } from './indicator-bucket.table';
import { ColumnGroup, GroupName, GroupValues, ProjectionTable, RowKey } from './projection-table';
import { bucketStart, Grain, grains } from './time-buckets';

/** The scope of district-wide rows; school rows use the 10-digit 学校标识码. */
export const DISTRICT_SCOPE = 'district';

export type SqlValue = string | number | Date | null;

interface PendingGroup {
  version: string;
  values: Record<string, SqlValue>;
}

interface PendingRow {
  key: Record<string, SqlValue>;
  groups: Map<string, PendingGroup>;
}

const ROWS_PER_STATEMENT = 1_000;

/**
 * The ordering key of an event: its time, then its id. Comparing two of them as strings orders events
 * the same way on every replay, so last-writer-wins state ends identical whatever the arrival order.
 */
export function eventVersion(occurredAt: string, eventId: string): string {
  return `${new Date(occurredAt).toISOString()}|${eventId}`;
}

/**
 * The writes of one consumer transaction, folded in memory while its events are applied and written in a
 * few multi-row upserts just before the transaction commits (so the projection and the processed-event ids
 * still commit together). Counter increments are summed; state rows keep the newest version per group.
 */
export class ProjectionBatch {
  private readonly counters = new Map<string, number>();
  private readonly states = new Map<string, { table: ProjectionTable; rows: Map<string, PendingRow> }>();
  /** Scopes whose indicators this batch changes: what the live push recomputes after commit. */
  readonly changedScopes = new Set<string>();
  eventCount = 0;

  /** Marks the district and (if known) the school as changed. */
  touch(schoolCode: string | null | undefined): void {
    this.changedScopes.add(DISTRICT_SCOPE);
    if (schoolCode) this.changedScopes.add(schoolCode);
  }

  /** Adds `delta` to a metric at minute, hour and day grain, for the district and the school. */
  count(metric: string, schoolCode: string | null | undefined, at: Date, dimension = '', delta = 1): void {
    this.touch(schoolCode);
    const scopes = schoolCode ? [DISTRICT_SCOPE, schoolCode] : [DISTRICT_SCOPE];
    for (const scope of scopes) {
      for (const grain of grains) {
        const key = counterKey(scope, metric, grain, bucketStart(at, grain).getTime(), dimension);
        this.counters.set(key, (this.counters.get(key) ?? 0) + delta);
      }
    }
  }

  /** Writes one column group of a state row unless a newer version of that group is already stored. */
  upsert<T extends ProjectionTable, G extends GroupName<T>>(
    table: T,
    key: RowKey<T>,
    group: G,
    version: string,
    values: GroupValues<T, G>,
  ): void {
    let pending = this.states.get(table.name);
    if (!pending) {
      pending = { table, rows: new Map() };
      this.states.set(table.name, pending);
    }
    const keyValues = key as Record<string, SqlValue>;
    const rowKey = table.keyColumns.map((column) => String(keyValues[column])).join('\u0000');
    let row = pending.rows.get(rowKey);
    if (!row) {
      row = { key: keyValues, groups: new Map() };
      pending.rows.set(rowKey, row);
    }
    const existing = row.groups.get(group);
    if (!existing || version > existing.version)
      row.groups.set(group, { version, values: values as Record<string, SqlValue> });
  }

  get isEmpty(): boolean {
    return this.counters.size === 0 && this.states.size === 0;
  }

  /** Writes everything through the transaction's manager; rows in key order so concurrent batches lock alike. */
  async flush(manager: EntityManager): Promise<void> {
    for (const { table, rows } of [...this.states.values()].sort((a, b) =>
      a.table.name.localeCompare(b.table.name),
    )) {
      await writeStateRows(
        manager,
        table,
        [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    const counterRows = [...this.counters.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, delta]) => {
        const [scope, metric, grain, start, dimension] = key.split('\u0000') as [
          string,
          string,
          Grain,
          string,
          string,
        ];
        return [scope, metric, grain, new Date(Number(start)), dimension, delta];
      });
    for (let index = 0; index < counterRows.length; index += ROWS_PER_STATEMENT) {
      await manager.query(COUNTER_UPSERT, [counterRows.slice(index, index + ROWS_PER_STATEMENT)]);
    }
  }
}

const counterColumns = indicatorBucketTable.column;
const COUNTER_UPSERT =
  `INSERT INTO ${indicatorBucketTable.sql} (${counterColumns.scope}, ${counterColumns.metric}, ${counterColumns.grain}, ` +
  `${counterColumns.bucket_start}, ${counterColumns.dimension}, ${counterColumns.value}) VALUES ? ` +
  `ON DUPLICATE KEY UPDATE ${counterColumns.value} = ${counterColumns.value} + VALUES(${counterColumns.value})`;

function counterKey(scope: string, metric: string, grain: Grain, start: number, dimension: string): string {
  return [scope, metric, grain, String(start), dimension].join('\u0000');
}

async function writeStateRows(
  manager: EntityManager,
  table: ProjectionTable,
  rows: Array<[string, PendingRow]>,
): Promise<void> {
  const groups = Object.values<ColumnGroup>(table.groups);
  const columns = [...table.keyColumns, ...groups.flatMap((group) => [...group.columns, group.version])];
  const quoted = (column: string): string => `\`${column}\``;
  // Per group: take the incoming columns only when its version is newer, then move the version last, as
  // MariaDB evaluates these assignments left to right against the already-updated row.
  const assignments = groups.flatMap((group) => {
    const version = quoted(group.version);
    const newer = `VALUES(${version}) IS NOT NULL AND (${version} IS NULL OR VALUES(${version}) > ${version})`;
    return [...group.columns, group.version].map(
      (column) => `${quoted(column)} = IF(${newer}, VALUES(${quoted(column)}), ${quoted(column)})`,
    );
  });
  const sql =
    `INSERT INTO ${quoted(table.name)} (${columns.map(quoted).join(', ')}) VALUES ? ` +
    `ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`;
  const groupNames = Object.keys(table.groups);
  const values = rows.map(([, row]) => [
    ...table.keyColumns.map((column) => row.key[column] ?? null),
    ...groupNames.flatMap((name) => {
      const group = table.groups[name]!;
      const pending = row.groups.get(name);
      return [...group.columns.map((column) => pending?.values[column] ?? null), pending?.version ?? null];
    }),
  ]);
  for (let index = 0; index < values.length; index += ROWS_PER_STATEMENT) {
    await manager.query(sql, [values.slice(index, index + ROWS_PER_STATEMENT)]);
  }
}
