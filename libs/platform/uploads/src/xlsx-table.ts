import { Table, TableBuilder } from './table';
import { columnLetters, unreadable, type UploadLimits } from './upload-limits';
import { namespacePrefix, readWorkbookParts, type WorkbookParts } from './xlsx-parts';
import { attribute, decodeEntities, scanXml, type XmlHandler } from './xml-scan';
import { ZipReader } from './zip-reader';

const MAX_SHEET_ROWS = 1_048_576;
const MAX_SHEET_COLUMNS = 16_384;

/** `XFD12` → column 16384 (letters only; the row comes from the `row` element). */
function columnOf(reference: string): number | null {
  const letters = /^[A-Z]{1,3}/.exec(reference)?.[0];
  if (!letters) return null;
  let column = 0;
  for (const letter of letters) column = column * 26 + letter.charCodeAt(0) - 64;
  return column;
}

const SEGMENT_BYTES = 256 * 1024;

/**
 * Decodes and scans the sheet a segment at a time, each ending after a `</row>`, so a sheet refused at
 * its row limit is decoded only as far as it was read. A segment always ends on a tag boundary, and the
 * handler keeps its state from one to the next.
 */
function scanSheet(sheet: Buffer, handler: XmlHandler): void {
  const rowEnd = `</${namespacePrefix(sheet.toString('utf8', 0, 4096), 'worksheet')}row>`;
  for (let start = 0; start < sheet.length;) {
    const found = sheet.indexOf(rowEnd, Math.min(sheet.length, start + SEGMENT_BYTES));
    const end = found < 0 ? sheet.length : found + rowEnd.length;
    scanXml(sheet.toString('utf8', start, end), handler);
    start = end;
  }
}

interface CellInProgress {
  column: number;
  type: string;
  style: number;
  value: string | null;
  inlineText: string | null;
  formula: boolean;
}

/** Excel serial day → yyyy-mm-dd, as exceljs's excelToDate followed by the roster's date text. */
function serialDate(serial: number, date1904: boolean): string | null {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isFinite(date.getTime()) ? date.toISOString().slice(0, 10) : null;
}

/** The text a cell shows, the way the roster read it through exceljs before (numbers, dates, booleans). */
function cellText(cell: CellInProgress, parts: WorkbookParts, row: number): string {
  const raw = cell.type === 'inlineStr' && !cell.formula ? cell.inlineText : cell.value;
  if (raw === null) return '';
  switch (cell.type) {
    case 's': {
      if (cell.formula) break;
      const text = parts.sharedStrings.get(Number.parseInt(raw, 10));
      if (text === null)
        throw unreadable(`cell ${columnLetters(cell.column)}${row} holds a text longer than allowed`);
      return text ?? '';
    }
    case 'str':
    case 'inlineStr':
      return raw;
    case 'b':
      return String(Number.parseInt(raw, 10) !== 0);
    case 'e':
      return '';
    case 'd':
      return raw.slice(0, 10);
  }
  const number = Number.parseFloat(raw);
  if (Number.isNaN(number)) return raw;
  if (parts.dateStyles[cell.style]) return serialDate(number, parts.date1904) ?? String(number);
  return String(number);
}

/**
 * Reads the first worksheet of an XLSX. Why not exceljs: its loader builds the whole workbook model and
 * `columnCount` is recomputed per row, so one value at XFD1 or 100,000 rows cost minutes. Here each part
 * is inflated under the size budget (ZipReader) and scanned once (scanXml); every cell goes straight to
 * the TableBuilder, which refuses the file at the first row, column, cell or total limit it breaks. The
 * cost is therefore linear in the bytes inflated, and those are bounded by `maxInflatedBytes`. Parts are
 * inflated whole (zlib's synchronous API, capped by the budget: 50 MB of zeros inflate in ~0.1 s), then
 * decoded and scanned in segments, and shared strings parsed only when used.
 */
export function readXlsxTable(file: Buffer, limits: UploadLimits): Table {
  const zip = new ZipReader(file, limits.maxInflatedBytes);
  const parts = readWorkbookParts(zip, limits.maxCellChars);
  const table = new TableBuilder(limits);
  let row = 0;
  let column = 0;
  let cell: CellInProgress | null = null;
  let collecting: 'value' | 'inline' | null = null;
  let phonetic = 0;
  scanSheet(zip.read(parts.sheetPath), {
    open(name, attributes) {
      if (name === 'row') {
        const reference = attribute(attributes, 'r');
        row = reference !== undefined ? Number(reference) : row + 1;
        column = 0;
        if (!Number.isInteger(row) || row < 1 || row > MAX_SHEET_ROWS)
          throw unreadable(`The XLSX file cannot be read: row number ${reference} is out of range.`);
      } else if (name === 'c') {
        const reference = attribute(attributes, 'r');
        column = (reference !== undefined ? columnOf(reference) : null) ?? column + 1;
        if (column > MAX_SHEET_COLUMNS || row === 0)
          throw unreadable(`The XLSX file cannot be read: cell ${reference ?? ''} is out of range.`);
        const style = Number(attribute(attributes, 's') ?? 0);
        const type = attribute(attributes, 't') ?? 'n';
        cell = { column, type, style, value: null, inlineText: null, formula: false };
      } else if (cell && name === 'v') collecting = 'value';
      else if (cell && name === 'f') cell.formula = true;
      else if (cell && name === 'rPh') phonetic++;
      else if (cell && name === 't' && phonetic === 0) collecting = 'inline';
    },
    close(name) {
      if (name === 'c' && cell) {
        table.set(row, cell.column, cellText(cell, parts, row));
        cell = null;
      } else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'v' || name === 't') collecting = null;
    },
    text(text) {
      if (!cell || collecting === null) return;
      const decoded = decodeEntities(text);
      if (collecting === 'value') cell.value = (cell.value ?? '') + decoded;
      else cell.inlineText = (cell.inlineText ?? '') + decoded;
      // A value longer than a cell may be is refused here, before it grows further.
      const length = (collecting === 'value' ? cell.value : cell.inlineText)!.length;
      if (length > limits.maxCellChars)
        throw unreadable(
          `cell ${columnLetters(cell.column)}${row} holds more than ${limits.maxCellChars} characters; at most ${limits.maxCellChars} per cell`,
        );
    },
  });
  return table.build('xlsx');
}
