import { attribute, decodeEntities, scanXml } from './xml-scan';
import { unreadable } from './upload-limits';
import type { ZipReader } from './zip-reader';

/** What reading the first worksheet needs from the rest of the workbook. */
export interface WorkbookParts {
  sheetPath: string;
  sharedStrings: SharedStrings;
  /** Per cell style (the `s` attribute): whether its number format shows a date. */
  dateStyles: boolean[];
  date1904: boolean;
}

/** `x:` if the part's root element is written `<x:sst …>`, else ''. */
export function namespacePrefix(xml: string, root: string): string {
  const match = new RegExp(`<([A-Za-z_][\\w.-]*:)?${root}[\\s>]`).exec(xml.slice(0, 4096));
  return match?.[1] ?? '';
}

const RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

const xml = (zip: ZipReader, name: string) => zip.read(name).toString('utf8');

/** `worksheets/sheet1.xml` relative to `xl/`, or `/xl/…` absolute, as a zip entry name. */
function partPath(base: string, target: string): string {
  const segments = target.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const segment of target.replace(/^\//, '').split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30), as exceljs reads them.
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs's test: a date/time letter outside quotes and [brackets] (colours, locales, elapsed time). */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function readStyles(zip: ZipReader, path: string | undefined): boolean[] {
  if (!path || !zip.has(path)) return [];
  const customFormats = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  scanXml(xml(zip, path), {
    open(name, attributes) {
      if (name === 'numFmt' && attribute(attributes, 'numFmtId') !== undefined)
        customFormats.set(
          Number(attribute(attributes, 'numFmtId')),
          attribute(attributes, 'formatCode') ?? '',
        );
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attribute(attributes, 'numFmtId') ?? 0);
        const custom = customFormats.get(id);
        styles.push(custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return styles;
}

/**
 * The shared string table, parsed lazily: one regex pass finds where each `si` starts, and a string is
 * parsed (the `t` runs, phonetic guides `rPh` left out, `_xHHHH_` decoded) the first time a cell uses
 * it. A sheet refused at its row limit therefore never pays for the strings of the rows it did not read.
 */
export class SharedStrings {
  private readonly starts: number[] = [];
  private readonly parsed = new Map<number, string | null>();

  constructor(
    private readonly xml: string,
    private readonly maxChars: number,
  ) {
    // indexOf, not a global regex: 200,000 strings are 200,000 match arrays otherwise.
    const open = `<${namespacePrefix(xml, 'sst')}si`;
    for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at + open.length))
      if (/[\s>/]/.test(xml[at + open.length] ?? '')) this.starts.push(at);
  }

  /** The text of string `index`; null if it is longer than a cell may be, undefined if there is none. */
  get(index: number): string | null | undefined {
    if (!(index >= 0 && index < this.starts.length)) return undefined;
    let text = this.parsed.get(index);
    if (text === undefined) {
      text = this.parse(this.xml.slice(this.starts[index], this.starts[index + 1] ?? this.xml.length));
      this.parsed.set(index, text);
    }
    return text;
  }

  private parse(xml: string): string | null {
    let text = '';
    let inText = false;
    let phonetic = 0;
    scanXml(xml, {
      open(name, _attributes, selfClosing) {
        if (name === 'rPh') phonetic += selfClosing ? 0 : 1;
        else if (name === 't') inText = !selfClosing;
      },
      close(name) {
        if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
        else if (name === 't') inText = false;
      },
      text(run) {
        if (inText && phonetic === 0) text += decodeEntities(run);
      },
    });
    text = text.replace(/_x([0-9A-F]{4})_/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return text.length > this.maxChars ? null : text;
  }
}

function readSharedStrings(zip: ZipReader, path: string | undefined, maxChars: number): SharedStrings {
  return new SharedStrings(path && zip.has(path) ? xml(zip, path) : '', maxChars);
}

/**
 * Finds the first worksheet (as exceljs did: the first `sheet` of workbook.xml) and reads the parts its
 * cells refer to: shared strings, cell styles (for dates) and the 1904 date system flag.
 */
export function readWorkbookParts(zip: ZipReader, maxCellChars: number): WorkbookParts {
  const workbookPath = 'xl/workbook.xml';
  if (!zip.has(workbookPath)) throw unreadable('The XLSX file cannot be read: it has no xl/workbook.xml.');
  let firstSheetRelation: string | undefined;
  let date1904 = false;
  scanXml(xml(zip, workbookPath), {
    open(name, attributes) {
      if (name === 'sheet' && firstSheetRelation === undefined)
        firstSheetRelation = attribute(attributes, 'id') ?? '';
      else if (name === 'workbookPr')
        date1904 = ['1', 'true'].includes(attribute(attributes, 'date1904') ?? '');
    },
    close() {},
    text() {},
  });
  if (firstSheetRelation === undefined) throw unreadable('The XLSX file has no worksheet.');
  const relations = new Map<string, { type: string; path: string }>();
  const relationsPath = 'xl/_rels/workbook.xml.rels';
  if (zip.has(relationsPath))
    scanXml(xml(zip, relationsPath), {
      open(name, attributes) {
        const id = attribute(attributes, 'Id');
        const target = attribute(attributes, 'Target');
        if (name === 'Relationship' && id && target)
          relations.set(id, {
            type: (attribute(attributes, 'Type') ?? '').replace(RELATIONSHIP_TYPE, ''),
            path: partPath(workbookPath, target),
          });
      },
      close() {},
      text() {},
    });
  const byType = (type: string) => [...relations.values()].find((relation) => relation.type === type)?.path;
  const sheetPath = relations.get(firstSheetRelation)?.path ?? 'xl/worksheets/sheet1.xml';
  if (!zip.has(sheetPath)) throw unreadable('The XLSX file has no worksheet.');
  return {
    sheetPath,
    sharedStrings: readSharedStrings(zip, byType('sharedStrings') ?? 'xl/sharedStrings.xml', maxCellChars),
    dateStyles: readStyles(zip, byType('styles') ?? 'xl/styles.xml'),
    date1904,
  };
}
