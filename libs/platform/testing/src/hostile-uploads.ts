import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Builders of upload files for tests, hostile ones included: written by hand (zip and sheet XML) so a test
 * can make a 100,000-row XLSX in milliseconds, or a zip whose entries lie about their sizes.
 */

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Uncompressed size written in the headers; the real size unless a test wants a lie. */
  declaredSize?: number;
}

/** A zip with deflated entries (local headers, central directory, end record). */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const deflated = deflateRawSync(part.data);
    const size = part.declaredSize ?? part.data.length;
    const crc = crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<row>` elements with inline-string cells; `rows[i]` is row i + 1, cells from column A. */
export function sheetRowsXml(rows: readonly (readonly string[])[]): string {
  return rows
    .map((cells, index) => {
      const row = index + 1;
      const xml = cells.map(
        (text, column) =>
          `<c r="${String.fromCharCode(65 + column)}${row}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`,
      );
      return `<row r="${row}">${xml.join('')}</row>`;
    })
    .join('');
}

/**
 * A minimal XLSX whose first sheet's `<sheetData>` holds `sheetData` (raw XML, e.g. from sheetRowsXml,
 * or padding for a bomb). `sheetDeclaredSize` makes the sheet entry lie about its inflated size.
 */
export function xlsxOf(sheetData: string | Buffer, options: { sheetDeclaredSize?: number } = {}): Buffer {
  const sheet = Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SPREADSHEET_NS}"><sheetData>`),
    Buffer.isBuffer(sheetData) ? sheetData : Buffer.from(sheetData, 'utf8'),
    Buffer.from('</sheetData></worksheet>'),
  ]);
  const text = (name: string, xml: string): ZipPart => ({ name, data: Buffer.from(xml, 'utf8') });
  return zipOf([
    text(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    text(
      '_rels/.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    text(
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    text(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: options.sheetDeclaredSize },
  ]);
}

/** An XLSX whose sheet inflates to `inflatedBytes` (spaces after a header row): ~1 KB per MB on the wire. */
export function zipBombXlsx(inflatedBytes: number, options: { sheetDeclaredSize?: number } = {}): Buffer {
  const header = sheetRowsXml([['工号', '姓名']]);
  return xlsxOf(Buffer.concat([Buffer.from(header), Buffer.alloc(inflatedBytes, 0x20)]), options);
}
