import { readCsvTable } from './csv-table';
import type { Table, TableFormat } from './table';
import { formatBytes, tooLarge, unreadable, type UploadLimits } from './upload-limits';
import { readXlsxTable } from './xlsx-table';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const zipSignature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** XLSX is a zip file: the signature decides, whatever the client called the upload. */
export function tableFormatOf(file: Uint8Array): TableFormat {
  return Buffer.from(file.buffer, file.byteOffset, Math.min(4, file.length)).equals(zipSignature)
    ? 'xlsx'
    : 'csv';
}

/**
 * Reads an uploaded table (CSV UTF-8 or the first sheet of an XLSX) on the calling thread, refusing it
 * with an UploadRefusal at the first limit it breaks. Services call readUploadedTable, which runs this in
 * a worker thread; this synchronous form is for that worker and for tests.
 */
export function readTable(file: Uint8Array, limits: UploadLimits): Table {
  if (file.length === 0) throw unreadable('The file is empty.');
  if (file.length > limits.maxBytes)
    throw tooLarge(`the file is larger than ${formatBytes(limits.maxBytes)}`);
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.length);
  return tableFormatOf(bytes) === 'xlsx' ? readXlsxTable(bytes, limits) : readCsvTable(bytes, limits);
}
