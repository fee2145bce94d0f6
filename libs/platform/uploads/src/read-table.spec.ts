import ExcelJS from 'exceljs';
import { sheetRowsXml, xlsxOf, zipBombXlsx } from '@edubase/testing';
import { readTable } from './read-table';
import type { Table } from './table';
import { DEFAULT_UPLOAD_LIMITS, UploadLimits, UploadRefusal } from './upload-limits';

const limits = (overrides: Partial<UploadLimits> = {}): UploadLimits => ({
  ...DEFAULT_UPLOAD_LIMITS,
  ...overrides,
});

function refusalOf(file: Buffer, overrides: Partial<UploadLimits> = {}): UploadRefusal {
  try {
    readTable(file, limits(overrides));
  } catch (error) {
    if (error instanceof UploadRefusal) return error;
    throw error;
  }
  throw new Error('the file was read, not refused');
}

/** How the roster read XLSX cells through exceljs before (the reference for good files). */
function exceljsText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return exceljsText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function exceljsRows(file: Buffer): Promise<Table['rows']> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  const rows: Table['rows'] = [];
  workbook.worksheets[0]!.eachRow((row, number) => {
    const cells = Array.from({ length: row.cellCount }, (_, index) =>
      exceljsText(row.getCell(index + 1).value),
    );
    rows.push({ number, cells });
  });
  return rows;
}

/** Blank cells as '', no trailing blanks, no blank rows: what both readers must agree on. */
const normalised = (rows: Table['rows']) =>
  rows
    .map(({ number, cells }) => {
      const kept = cells.map((cell) => (cell.trim() === '' ? '' : cell));
      while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
      return { number, cells: kept };
    })
    .filter((row) => row.cells.length > 0);

describe('readTable on good files', () => {
  it('reads an Excel-made XLSX exactly as exceljs did: strings, numbers, dates, booleans, rich text, formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['工号', '姓名', '手机', '出生日期', '角色', '备注']);
    sheet.addRow([
      'T001',
      '王丽华',
      13912345678,
      new Date(Date.UTC(1990, 4, 6)),
      '教师、网管员',
      ' a & <b> "c" ',
    ]);
    sheet.addRow([]);
    sheet.addRow(['T002', { richText: [{ text: '欧阳' }, { text: '明远' }] }, '13912345679', '', true, 1.5]);
    sheet.addRow([
      'T003',
      { formula: 'A1&"x"', result: '工号x' },
      { formula: '1+1', result: 2 },
      null,
      false,
    ]);
    sheet.addRow([{ text: '链接', hyperlink: 'https://example.cn' }, '  ', 310120198506150000]);
    const custom = sheet.getCell('D7');
    custom.value = new Date(Date.UTC(2013, 2, 1));
    custom.numFmt = 'yyyy"年"m"月"d"日"';
    sheet.getCell('F7').value = 45000;
    sheet.getCell('F7').numFmt = '[Red]#,##0';
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const table = readTable(file, limits());
    expect(table.format).toBe('xlsx');
    expect(normalised(table.rows)).toEqual(normalised(await exceljsRows(file)));
    expect(table.rows[1]).toEqual({
      number: 2,
      cells: ['T001', '王丽华', '13912345678', '1990-05-06', '教师、网管员', ' a & <b> "c" '],
    });
    expect(table.rows.map((row) => row.number)).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it('reads CSV records with quotes, line breaks and a BOM, numbering rows as in the file', () => {
    const csv = Buffer.from('\uFEFF工号,姓名\r\nT001,"王,丽华"\r\n,\r\n"T002","李""四\n二"\n', 'utf8');
    expect(readTable(csv, limits())).toEqual({
      format: 'csv',
      rows: [
        { number: 1, cells: ['工号', '姓名'] },
        { number: 2, cells: ['T001', '王,丽华'] },
        { number: 4, cells: ['T002', '李"四\n二'] },
      ],
    });
  });
});

describe('readTable limits', () => {
  it('refuses a value beyond the last allowed column (XFD1) without expanding the row', () => {
    const file = xlsxOf(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>工号</t></is></c><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>',
    );
    const started = performance.now();
    expect(refusalOf(file)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/XFD1.*BL \(64 columns\)/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refusalOf(Buffer.from('a,b,c\n1,2,3,4\n'), { maxColumns: 3 })).toMatchObject({
      status: 400,
      message: expect.stringMatching(/D2/),
    });
  });

  it('refuses more rows than allowed (413), counting non-blank rows below the header, and stops there', () => {
    const rows = Array.from({ length: 100_001 }, (_, index) => [`T${index}`, `教师${index}`]);
    const file = xlsxOf(sheetRowsXml(rows));
    const started = performance.now();
    expect(refusalOf(file)).toMatchObject({ status: 413, message: expect.stringMatching(/20000 rows/) });
    expect(performance.now() - started).toBeLessThan(5000);
    const csv = (n: number) => Buffer.from(`h\n${'x\n\n'.repeat(n)}`);
    expect(readTable(csv(3), limits({ maxRows: 3 })).rows).toHaveLength(4);
    expect(refusalOf(csv(4), { maxRows: 3 }).status).toBe(413);
  });

  it('refuses a cell longer than allowed, and more characters than allowed in all', () => {
    expect(refusalOf(Buffer.from(`a\n${'x'.repeat(1001)}\n`))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/A2 holds 1001/),
    });
    const longInline = xlsxOf(
      `<row r="1"><c r="B1" t="inlineStr"><is><t>${'y'.repeat(5000)}</t></is></c></row>`,
    );
    expect(refusalOf(longInline)).toMatchObject({ status: 400, message: expect.stringMatching(/B1/) });
    expect(refusalOf(Buffer.from('aaaa,bbbb\ncccc,dddd\n'), { maxTableChars: 10 }).status).toBe(413);
  });

  it('refuses a zip bomb by its declared size before inflating, and by its actual size when it lies', () => {
    const honest = zipBombXlsx(6 * 1024 * 1024);
    expect(honest.length).toBeLessThan(10_000);
    let started = performance.now();
    expect(refusalOf(honest, { maxInflatedBytes: 5 * 1024 * 1024 })).toMatchObject({
      status: 413,
      message: expect.stringMatching(/unpacks to more than 5 MB/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
    const liar = zipBombXlsx(6 * 1024 * 1024, { sheetDeclaredSize: 1000 });
    started = performance.now();
    expect(refusalOf(liar)).toMatchObject({
      status: 413,
      message: expect.stringMatching(/more than the 1000 bytes it declares/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses what is not a readable table with a 400 naming why', () => {
    expect(refusalOf(Buffer.alloc(0)).message).toMatch(/empty/);
    expect(refusalOf(Buffer.from([0xb9, 0xa4, 0x2c])).message).toMatch(/UTF-8/);
    expect(refusalOf(Buffer.from('a,"b\n')).message).toMatch(/quoted field/);
    expect(refusalOf(Buffer.from('PK\u0003\u0004 not really a zip')).message).toMatch(/not a complete zip/);
    expect(refusalOf(xlsxOf('<!DOCTYPE x [<!ENTITY a "b">]><row/>')).message).toMatch(/DOCTYPE/);
    expect(refusalOf(Buffer.from('x'.repeat(11)), { maxBytes: 10 }).status).toBe(413);
  });
});
