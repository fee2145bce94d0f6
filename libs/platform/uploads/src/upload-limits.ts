/**
 * What an uploaded table (CSV or XLSX) may cost before it is refused. Services fill these from their config
 * (see identity's UPLOAD_* variables); the defaults fit a 20,000-row roster with room to spare.
 */
export interface UploadLimits {
  /** Request body: larger uploads get a 413 as soon as the Content-Length (or the bytes received) says so. */
  maxBytes: number;
  /** Non-blank rows below the header row (row 1). */
  maxRows: number;
  /** Columns a value may sit in (A…); a value beyond them is refused without expanding the row. */
  maxColumns: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** Characters in all cells together: shared strings must not turn a small file into a huge table. */
  maxTableChars: number;
  /** Bytes the zip parts read from an XLSX may inflate to, declared and actual (zip bombs). */
  maxInflatedBytes: number;
  /** Wall time of one parse; the worker is terminated after it. */
  maxWallMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: Readonly<UploadLimits> = Object.freeze({
  maxBytes: 5 * 1024 * 1024,
  maxRows: 20_000,
  maxColumns: 64,
  maxCellChars: 1_000,
  maxTableChars: 10_000_000,
  maxInflatedBytes: 50 * 1024 * 1024,
  maxWallMs: 10_000,
});

/**
 * Why an upload is refused, said to the person who sent it. 413: the file as a whole is too much to read
 * (bytes, rows, inflated size, time); 400: a part of it breaks a rule or it is not a readable table.
 */
export class UploadRefusal extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefusal';
  }
}

export const tooLarge = (message: string): UploadRefusal => new UploadRefusal(413, message);
export const unreadable = (message: string): UploadRefusal => new UploadRefusal(400, message);

const units = ['bytes', 'KB', 'MB', 'GB'];
/** 5242880 → "5 MB", for messages. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** 1 → "A", 64 → "BL", 16384 → "XFD". */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
