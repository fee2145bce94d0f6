// Server paging for the registries (NAS, terminals): a page, a prefix filter and one sort column out of a
// fixed list, as the console's ServerTable asks (`sort=name` ascending, `sort=-name` descending).
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Page } from '@edubase/http';

/** `['name']` → `['name', '-name']`: the values a `sort` parameter may take. */
export function sortValues<const F extends string>(fields: readonly F[]): string[] {
  return fields.flatMap((field) => [field, `-${field}`]);
}

/** `q` as a LIKE prefix, its wildcards escaped. */
export function likePrefix(q: string): string {
  return `${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export interface ListingRequest {
  page: number;
  pageSize: number;
  /** `field` or `-field`, already checked against the entity's sortable fields. */
  sort?: string;
  /** Columns (`alias.property`) the prefix `q` is matched against. */
  prefixColumns: Array<{ column: string; value: string }>;
  /** The order when no sort is asked for, and the tie-breaker after one (a stable page order). */
  defaultOrder: Array<[string, 'ASC' | 'DESC']>;
}

/** One page of the builder's rows with the total its filters match. */
export async function pageOfQuery<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  request: ListingRequest,
): Promise<{ rows: T[]; page: Omit<Page<unknown>, 'items'> }> {
  const alias = builder.alias;
  if (request.prefixColumns.length > 0)
    builder.andWhere(
      new Brackets((where) =>
        request.prefixColumns.forEach(({ column, value }, index) =>
          where.orWhere(`${column} LIKE :prefix${index}`, { [`prefix${index}`]: value }),
        ),
      ),
    );
  const sorted = request.sort ? `${alias}.${request.sort.replace(/^-/, '')}` : undefined;
  if (sorted) builder.orderBy(sorted, request.sort!.startsWith('-') ? 'DESC' : 'ASC');
  // TypeORM keys the order by column: the default's own entry for the sorted column would replace it.
  for (const [column, direction] of request.defaultOrder)
    if (column !== sorted) builder.addOrderBy(column, direction);
  const [rows, total] = await builder
    .skip((request.page - 1) * request.pageSize)
    .take(request.pageSize)
    .getManyAndCount();
  return { rows, page: { total, page: request.page, pageSize: request.pageSize } };
}
