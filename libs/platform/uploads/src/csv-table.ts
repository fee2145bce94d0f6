import { Table, TableBuilder } from './table';
import { unreadable, type UploadLimits } from './upload-limits';

export const NOT_UTF8_MESSAGE =
  '文件不是 UTF-8 编码 (GBK/ANSI 的 CSV 无法读取): 请在 Excel 中另存为 “CSV UTF-8 (逗号分隔)”，或直接上传 XLSX。';

function decodeUtf8(file: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    throw unreadable(NOT_UTF8_MESSAGE);
  }
}

/**
 * RFC 4180 (quoted fields may hold commas, quotes as "" and line breaks), UTF-8 with or without BOM. One
 * pass over the text; each record's number is its row as the user sees it (a quoted line break does not
 * start a new row). The builder refuses the file at the first limit broken.
 */
export function readCsvTable(file: Uint8Array, limits: UploadLimits): Table {
  const text = decodeUtf8(file).replace(/^\uFEFF/, '');
  const table = new TableBuilder(limits);
  let row = 1;
  let column = 1;
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    table.set(row, column, field);
    field = '';
    fieldStarted = false;
    column++;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      endField();
      row++;
      column = 1;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw unreadable('The CSV file ends inside a quoted field (a " is missing).');
  if (fieldStarted || column > 1) endField();
  return table.build('csv');
}
