import ExcelJS from 'exceljs';
import { fieldOfHeader, RosterField } from './roster-columns';

/** One data row of an uploaded roster: row number as the user sees it in the file (header = row 1). */
export interface RosterRow {
  row: number;
  values: Partial<Record<RosterField, string>>;
}

export interface ParsedRoster {
  rows: RosterRow[];
  /** Header as written in the file, per field, so errors name the column the user sees. */
  headers: Partial<Record<RosterField, string>>;
}

export type RosterFormat = 'csv' | 'xlsx';

export class RosterFileError extends Error {}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const zipSignature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** XLSX is a zip file: the signature decides, whatever the client called the upload. */
export function formatOf(file: Buffer): RosterFormat {
  return file.subarray(0, 4).equals(zipSignature) ? 'xlsx' : 'csv';
}

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new RosterFileError('The CSV file ends inside a quoted field (a " is missing).');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function decodeUtf8(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    throw new RosterFileError(
      '文件不是 UTF-8 编码 (GBK/ANSI 的 CSV 无法读取): 请在 Excel 中另存为 “CSV UTF-8 (逗号分隔)”，或直接上传 XLSX。',
    );
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function xlsxRecords(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new RosterFileError(`The XLSX file cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new RosterFileError('The XLSX file has no worksheet.');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++)
      cells.push(cellText(row.getCell(column).value));
    records[rowNumber - 1] = cells;
  });
  // eachRow skips trailing empty rows; holes left by includeEmpty are real empty rows.
  return Array.from(records, (record) => record ?? []);
}

/** Reads a roster (CSV UTF-8 with or without BOM, or XLSX first sheet) into rows keyed by field. */
export async function readRoster(file: Buffer): Promise<ParsedRoster & { format: RosterFormat }> {
  if (file.length === 0) throw new RosterFileError('The file is empty.');
  const format = formatOf(file);
  const records =
    format === 'xlsx' ? await xlsxRecords(file) : parseCsv(decodeUtf8(file).replace(/^\uFEFF/, ''));
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord || headerRecord.every((cell) => cell.trim() === ''))
    throw new RosterFileError('The first row must hold the column headers (工号, 姓名, 手机 …).');
  const headers: Partial<Record<RosterField, string>> = {};
  const columns: (RosterField | null)[] = headerRecord.map((cell) => {
    const field = fieldOfHeader(cell);
    if (field === null) {
      if (cell.trim() === '') return null;
      throw new RosterFileError(`Unknown column ${JSON.stringify(cell.trim())}: use the template’s headers.`);
    }
    if (headers[field]) throw new RosterFileError(`Column ${cell.trim()} appears twice.`);
    headers[field] = cell.trim();
    return field;
  });
  const rows: RosterRow[] = [];
  dataRecords.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const values: Partial<Record<RosterField, string>> = {};
    columns.forEach((field, column) => {
      const value = (record[column] ?? '').trim();
      if (field && value !== '') values[field] = value;
    });
    rows.push({ row: index + 2, values });
  });
  return { rows, headers, format };
}

/** The template (模板) with the Chinese headers and one example row. */
export const templateRows: string[][] = [
  ['工号', '学籍号', '姓名', '手机', '邮箱', '身份证号', '出生日期', '角色', '部门', '学校标识码'],
  [
    'T3101200001101',
    '',
    '王丽华',
    '13812345678',
    'wanglh@fxedu.example.cn',
    '',
    '',
    '教师、网管员',
    '信息中心',
    '',
  ],
  ['', 'G310120201303010025', '李小明', '', '', '', '2013-03-01', '', '', ''],
];

export function templateCsv(): Buffer {
  const escape = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const text = templateRows.map((row) => row.map(escape).join(',')).join('\r\n');
  // The BOM makes Excel open the file as UTF-8 instead of the system code page (GBK on Chinese Windows).
  return Buffer.concat([Buffer.from('\uFEFF', 'utf8'), Buffer.from(`${text}\r\n`, 'utf8')]);
}

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  for (const row of templateRows) sheet.addRow(row);
  // Text format, so Excel keeps leading zeros and all 18 digits of a 身份证号.
  sheet.columns.forEach((column) => {
    column.numFmt = '@';
    column.width = 18;
  });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
