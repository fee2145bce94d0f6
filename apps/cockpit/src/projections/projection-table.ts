import { EntitySchema, EntitySchemaColumnOptions } from 'typeorm';

/**
 * The one definition of a projection table: its columns, key, last-writer-wins column groups and indexes.
 * The TypeORM entity (for migrations), the upsert SQL of `ProjectionBatch`, the tables a rebuild empties
 * and the column names the reads quote all come from it, so a column is named once and the compiler
 * checks every other use of it.
 */

export interface ColumnSpec {
  type: 'varchar' | 'char' | 'date' | 'datetime' | 'bigint' | 'boolean';
  length?: number;
  /** Fractional seconds of a datetime. */
  precision?: number;
  nullable?: boolean;
}

type ColumnSpecs = Record<string, ColumnSpec>;

/** What a step may write into a column of this spec (booleans as 0/1, as MariaDB stores them). */
export type ColumnValue<S extends ColumnSpec> =
  | (S['type'] extends 'datetime' ? Date : S['type'] extends 'boolean' ? 0 | 1 : string)
  | (S['nullable'] extends true ? null : never);

/** A group of columns written together and guarded by one version column (last writer wins). */
export interface ColumnGroup<N extends string = string> {
  version: N;
  columns: readonly N[];
}

type ColumnGroups<C extends ColumnSpecs> = Readonly<Record<string, ColumnGroup<keyof C & string>>>;

interface TableSpec<C extends ColumnSpecs, K extends keyof C & string, GS extends ColumnGroups<C>> {
  name: string;
  columns: C;
  key: readonly K[];
  /** Independently versioned column groups of a state table (none for the counter table). */
  groups: GS;
  /** Columns summed on conflict instead of replaced (the counter table's `value`). */
  increments?: readonly (keyof C & string)[];
  /** Secondary indexes by name (the migrations carry these names). */
  indexes?: Readonly<Record<string, readonly (keyof C & string)[]>>;
}

export interface ProjectionTable<
  C extends ColumnSpecs = ColumnSpecs,
  K extends keyof C & string = keyof C & string,
  GS extends ColumnGroups<C> = ColumnGroups<C>,
> {
  readonly name: string;
  readonly columns: C;
  readonly keyColumns: readonly K[];
  readonly groups: GS;
  /** The table's name quoted for SQL. */
  readonly sql: string;
  /** Each column's name quoted for SQL: `${terminalStateTable.column.school_code}`. */
  readonly column: { readonly [N in keyof C]: string };
  readonly entity: EntitySchema;
}

/** The names of the column groups of `T`. */
export type GroupName<T> =
  T extends ProjectionTable<ColumnSpecs, string, infer GS> ? keyof GS & string : never;

/** The key of a row of `T`, every key column given. */
export type RowKey<T> = T extends ProjectionTable<infer C, infer K> ? { [N in K]: ColumnValue<C[N]> } : never;

/** The values of one column group of `T`, every column of the group given. */
export type GroupValues<T, G extends string> =
  T extends ProjectionTable<infer C, string, infer GS>
    ? { [N in GS[G]['columns'][number]]: ColumnValue<C[N]> }
    : never;

export function defineProjectionTable<
  const C extends ColumnSpecs,
  const K extends keyof C & string,
  const GS extends ColumnGroups<C> = Record<never, never>,
>(spec: TableSpec<C, K, GS>): ProjectionTable<C, K, GS> {
  const written = new Set<string>([
    ...spec.key,
    ...(spec.increments ?? []),
    ...Object.values<ColumnGroup>(spec.groups).flatMap((group) => [group.version, ...group.columns]),
  ]);
  const unwritten = Object.keys(spec.columns).filter((column) => !written.has(column));
  // A column no step can write would stay NULL for ever: a mistake in the definition, caught at load.
  if (unwritten.length > 0)
    throw new Error(`${spec.name}: ${unwritten.join(', ')} in no key, group or increment`);
  const quote = (name: string): string => `\`${name}\``;
  return {
    name: spec.name,
    columns: spec.columns,
    keyColumns: spec.key,
    groups: spec.groups,
    sql: quote(spec.name),
    column: Object.fromEntries(Object.keys(spec.columns).map((name) => [name, quote(name)])) as {
      [N in keyof C]: string;
    },
    entity: new EntitySchema({
      name: spec.name,
      tableName: spec.name,
      columns: Object.fromEntries(
        Object.entries(spec.columns).map(([name, column]): [string, EntitySchemaColumnOptions] => [
          name,
          {
            name,
            type: column.type,
            nullable: column.nullable ?? false,
            primary: (spec.key as readonly string[]).includes(name),
            ...(column.length !== undefined ? { length: column.length } : {}),
            ...(column.precision !== undefined ? { precision: column.precision } : {}),
          },
        ]),
      ),
      indices: Object.entries(spec.indexes ?? {}).map(([name, columns]) => ({
        name,
        columns: [...columns],
      })),
    }),
  };
}
