import type { Table } from '@edubase/uploads';
import type { NewDataset } from '../catalog/catalog-writer';

/** The import's columns, by the header people write in row 1 (any order; other columns are ignored). */
export const CATALOG_COLUMNS = {
  dataset: '数据集',
  title: '数据集名称',
  field: '字段',
  dataType: '字段类型',
  description: '字段说明',
} as const;

type ColumnKey = keyof typeof CATALOG_COLUMNS;

const LIMITS: Record<ColumnKey, number> = {
  dataset: 128,
  title: 200,
  field: 128,
  dataType: 64,
  description: 500,
};
const REQUIRED: readonly ColumnKey[] = ['dataset', 'field'];

/** One problem of the file, where the person finds it: row as the spreadsheet numbers it, column header. */
export interface SheetError {
  row: number;
  column: string;
  reason: string;
}

export interface ParsedSheet {
  datasets: NewDataset[];
  errors: SheetError[];
}

/**
 * Datasets and fields from an uploaded table, one field per row, rows of a dataset anywhere in the file.
 * Every problem is collected (a missing or overlong value, a field named twice in one dataset, a dataset
 * given two titles), so one dry run shows them all.
 */
export function parseCatalogSheet(table: Table): ParsedSheet {
  const [header, ...rows] = table.rows;
  const errors: SheetError[] = [];
  const index = new Map<ColumnKey, number>();
  for (const [key, title] of Object.entries(CATALOG_COLUMNS) as [ColumnKey, string][]) {
    const at = header?.cells.findIndex((cell) => cell.trim() === title) ?? -1;
    if (at >= 0) index.set(key, at);
    else if (REQUIRED.includes(key))
      errors.push({ row: 1, column: title, reason: `the header row has no column ${title}` });
  }
  if (errors.length > 0) return { datasets: [], errors };
  if (rows.length === 0)
    return { datasets: [], errors: [{ row: 2, column: CATALOG_COLUMNS.field, reason: 'no field rows' }] };

  const datasets = new Map<string, NewDataset & { fields: NonNullable<NewDataset['fields']>[number][] }>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const value = (key: ColumnKey): string | null => {
      const at = index.get(key);
      const text = at === undefined ? '' : (row.cells[at] ?? '').trim();
      if (text.length > LIMITS[key]) {
        errors.push({
          row: row.number,
          column: CATALOG_COLUMNS[key],
          reason: `at most ${LIMITS[key]} characters`,
        });
        return null;
      }
      return text === '' ? null : text;
    };
    const values = {
      dataset: value('dataset'),
      title: value('title'),
      field: value('field'),
      dataType: value('dataType'),
      description: value('description'),
    };
    for (const key of REQUIRED)
      if (
        values[key] === null &&
        !errors.some((e) => e.row === row.number && e.column === CATALOG_COLUMNS[key])
      )
        errors.push({ row: row.number, column: CATALOG_COLUMNS[key], reason: 'required' });
    if (!values.dataset || !values.field) continue;
    const key = `${values.dataset}\u0000${values.field}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        row: row.number,
        column: CATALOG_COLUMNS.field,
        reason: `${values.field} is already in row ${first}`,
      });
      continue;
    }
    seen.set(key, row.number);
    let dataset = datasets.get(values.dataset);
    if (!dataset) {
      dataset = { name: values.dataset, title: values.title, fields: [] };
      datasets.set(values.dataset, dataset);
    } else if (values.title && dataset.title && values.title !== dataset.title) {
      errors.push({
        row: row.number,
        column: CATALOG_COLUMNS.title,
        reason: `${values.dataset} is titled ${dataset.title} above`,
      });
    } else if (values.title) dataset.title = values.title;
    dataset.fields.push({ name: values.field, dataType: values.dataType, description: values.description });
  }
  return { datasets: [...datasets.values()], errors };
}
