import { columnLetters, tooLarge, unreadable, type UploadLimits } from './upload-limits';

/** One non-blank row of an uploaded table, numbered as the user sees it (row 1 = the header). */
export interface TableRow {
  number: number;
  /** Cell texts from column A on, untrimmed; '' where a cell is empty or blank. */
  cells: string[];
}

export type TableFormat = 'csv' | 'xlsx';

/** An uploaded table: its non-blank rows in ascending order; blank rows keep their place in the numbering. */
export interface Table {
  format: TableFormat;
  rows: TableRow[];
}

/**
 * Collects cells as a parser meets them and refuses the file at the first limit it breaks, so the work
 * done is never more than the limits allow: a value beyond the last allowed column is refused where it
 * is met, without creating the columns before it.
 */
export class TableBuilder {
  private readonly rows = new Map<number, string[]>();
  private dataRows = 0;
  private chars = 0;

  constructor(private readonly limits: UploadLimits) {}

  /** `column` is 1-based; blank values (whitespace only) are skipped, so every row kept is non-blank. */
  set(row: number, column: number, value: string): void {
    if (!/\S/.test(value)) return;
    if (column > this.limits.maxColumns)
      throw unreadable(
        `cell ${columnLetters(column)}${row} is beyond the last allowed column ${columnLetters(this.limits.maxColumns)} (${this.limits.maxColumns} columns)`,
      );
    if (value.length > this.limits.maxCellChars)
      throw unreadable(
        `cell ${columnLetters(column)}${row} holds ${value.length} characters; at most ${this.limits.maxCellChars} per cell`,
      );
    this.chars += value.length;
    if (this.chars > this.limits.maxTableChars)
      throw tooLarge(`the cells hold more than ${this.limits.maxTableChars} characters in all`);
    let cells = this.rows.get(row);
    if (!cells) {
      cells = [];
      this.rows.set(row, cells);
      if (row > 1 && ++this.dataRows > this.limits.maxRows)
        throw tooLarge(`more than ${this.limits.maxRows} rows below the header; split the file`);
    }
    cells[column - 1] = value;
  }

  build(format: TableFormat): Table {
    const rows: TableRow[] = [];
    for (const [number, cells] of this.rows) {
      rows.push({ number, cells: Array.from(cells, (cell) => cell ?? '') });
    }
    rows.sort((a, b) => a.number - b.number);
    return { format, rows };
  }
}
