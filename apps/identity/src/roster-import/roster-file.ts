import ExcelJS from 'exceljs';
import { roleLabels } from '@edubase/labels';
import {
  DEFAULT_UPLOAD_LIMITS,
  readTable,
  readUploadedTable,
  TableFormat,
  UploadLimits,
  UploadRefusal,
  XLSX_CONTENT_TYPE,
} from '@edubase/uploads';
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

export type RosterFormat = TableFormat;

/** A file the roster import will not read; the message is for the person who uploaded it. */
export class RosterFileError extends UploadRefusal {
  constructor(message: string) {
    super(400, message);
  }
}

export { XLSX_CONTENT_TYPE };

/** RFC 4180 records of a CSV text (blank lines left out), as the upload reader sees them. */
export function parseCsv(text: string): string[][] {
  return readTable(Buffer.from(text, 'utf8'), DEFAULT_UPLOAD_LIMITS).rows.map((row) => row.cells);
}

/**
 * Reads a roster (CSV UTF-8 with or without BOM, or XLSX first sheet) into rows keyed by field. The file
 * is parsed in a worker thread under `limits` (see @edubase/uploads); refusals are UploadRefusals.
 */
export async function readRoster(
  file: Buffer,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<ParsedRoster & { format: RosterFormat }> {
  const table = await readUploadedTable(file, limits);
  const [first] = table.rows;
  const headerRecord = first?.number === 1 ? first.cells : [];
  if (headerRecord.every((cell) => cell.trim() === ''))
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
  for (const record of table.rows.slice(1)) {
    const values: Partial<Record<RosterField, string>> = {};
    columns.forEach((field, column) => {
      const value = (record.cells[column] ?? '').trim();
      if (field && value !== '') values[field] = value;
    });
    // A row with values only under unnamed columns stays a row (the validator says what is missing).
    rows.push({ row: record.number, values });
  }
  return { rows, headers, format: table.format };
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
    `${roleLabels.teacher}、${roleLabels['network-admin']}`,
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
