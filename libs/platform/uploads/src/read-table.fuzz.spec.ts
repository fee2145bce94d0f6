import ExcelJS from 'exceljs';
import { sheetRowsXml, xlsxOf } from '@edubase/testing';
import { readTable } from './read-table';
import { readUploadedTable } from './read-uploaded-table';
import { DEFAULT_UPLOAD_LIMITS, UploadLimits, UploadRefusal } from './upload-limits';

jest.setTimeout(60_000);

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, maxRows: 50, maxColumns: 8, maxCellChars: 40 };
const MARKUP = [
  '<',
  '>',
  '"',
  "'",
  '&',
  '&amp;',
  '&#x1F600;',
  '&#99999999;',
  '/',
  '=',
  '</c>',
  '<row r="0">',
  '<c r="XFD9">',
  '<!--',
  ']]>',
  '<![CDATA[',
  '<?',
  '<!DOCTYPE',
  '\u0000',
  '\uFFFF',
  ',',
  '\n',
  '\r',
];

function mutateText(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(next() * (result.length + 1));
    const choice = next();
    if (choice < 0.4)
      result = result.slice(0, at) + MARKUP[Math.floor(next() * MARKUP.length)] + result.slice(at);
    else if (choice < 0.7) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 20));
    else
      result =
        result.slice(0, at) + result.slice(at, at + 30).repeat(1 + Math.floor(next() * 5)) + result.slice(at);
  }
  return result;
}

function mutateBytes(bytes: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const choice = next();
  if (choice < 0.2) return copy.subarray(0, Math.floor(next() * copy.length));
  const flips = 1 + Math.floor(next() * 8);
  for (let flip = 0; flip < flips; flip++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
  return copy;
}

/** Parses or refuses: anything else (a TypeError, a RangeError, a hang) fails the case. */
function outcome(file: Buffer): 'read' | 'refused' {
  const started = performance.now();
  try {
    readTable(file, limits);
    return 'read';
  } catch (error) {
    if (!(error instanceof UploadRefusal)) throw error;
    return 'refused';
  } finally {
    expect(performance.now() - started).toBeLessThan(10_000);
  }
}

describe('upload parsers under random and mutated input (seeded)', () => {
  const csvText = '工号,姓名,备注\r\nT001,"王,丽华","说""明"\r\n\r\nT002,李四,"多\n行"\n';
  const sheetXml = sheetRowsXml([
    ['工号', '姓名', '手机'],
    ['T001', '王 & 丽华', '13812345678'],
    ['T002', '<李四>', ''],
  ]);
  let excelFile: Buffer;

  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['工号', '姓名', '出生日期']);
    sheet.addRow(['T001', { richText: [{ text: '王' }, { text: '丽华' }] }, new Date(Date.UTC(1990, 0, 2))]);
    excelFile = Buffer.from(await workbook.xlsx.writeBuffer());
  });

  it('mutated CSV text: 150 cases', () => {
    const next = random(20261205);
    for (let index = 0; index < 150; index++)
      outcome(Buffer.from(mutateText(csvText, next), index % 3 === 0 ? 'latin1' : 'utf8'));
  });

  it('mutated sheet XML inside a well-formed zip: 150 cases', () => {
    const next = random(4242);
    const seen = new Set<string>();
    for (let index = 0; index < 150; index++) seen.add(outcome(xlsxOf(mutateText(sheetXml, next))));
    expect(seen).toEqual(new Set(['read', 'refused']));
  });

  it('mutated and truncated XLSX bytes, and random bytes: 150 cases', () => {
    const next = random(77);
    for (let index = 0; index < 100; index++) outcome(mutateBytes(excelFile, next));
    for (let index = 0; index < 50; index++) {
      const noise = Buffer.from(
        Array.from({ length: Math.floor(next() * 2000) }, () => Math.floor(next() * 256)),
      );
      if (index % 2 === 0) noise.write('PK\u0003\u0004', 0, 'latin1');
      outcome(noise);
    }
  });

  it('through the worker thread too: a few cases answer or refuse, never fail otherwise', async () => {
    const next = random(9);
    for (let index = 0; index < 6; index++) {
      const file = index % 2 === 0 ? mutateBytes(excelFile, next) : xlsxOf(mutateText(sheetXml, next));
      await readUploadedTable(file, limits).catch((error: unknown) => {
        if (!(error instanceof UploadRefusal)) throw error;
      });
    }
  });
});
