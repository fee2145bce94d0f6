import { inflateRawSync } from 'node:zlib';
import { formatBytes, tooLarge, unreadable } from './upload-limits';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const broken = (why: string) => unreadable(`The XLSX file cannot be read: ${why}.`);

/**
 * Reads the parts of a zip (an XLSX) it is asked for, and no more than `maxInflatedBytes` of them in all.
 * A part whose central-directory size would pass the budget is refused before inflating; while inflating,
 * zlib stops as soon as the output passes the size the part declared (`maxOutputLength`), so a zip bomb
 * that lies about its size costs at most the budget, never its real inflated size.
 */
export class ZipReader {
  private readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(
    private readonly zip: Buffer,
    private readonly maxInflatedBytes: number,
  ) {
    this.readCentralDirectory();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The part's bytes, inflated; counts against the budget. */
  read(name: string): Buffer {
    const entry = this.entries.get(name);
    if (!entry) throw broken(`it has no ${name}`);
    if (this.inflated + entry.declaredSize > this.maxInflatedBytes)
      throw tooLarge(
        `the XLSX file unpacks to more than ${formatBytes(this.maxInflatedBytes)} (${name} alone declares ${formatBytes(entry.declaredSize)})`,
      );
    const data = this.compressedData(entry);
    let content: Buffer;
    if (entry.method === STORED) content = data;
    else if (entry.method === DEFLATED) {
      try {
        // maxOutputLength must be ≥ 1; an empty part declares 0 and is checked below.
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.declaredSize) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw tooLarge(
            `${name} in the XLSX file unpacks to more than the ${formatBytes(entry.declaredSize)} it declares`,
          );
        throw broken(`${name} is not valid deflate data`);
      }
    } else throw broken(`${name} uses an unsupported compression method (${entry.method})`);
    if (content.length !== entry.declaredSize)
      throw broken(`${name} unpacks to ${content.length} bytes, not the ${entry.declaredSize} it declares`);
    this.inflated += content.length;
    return content;
  }

  private compressedData(entry: ZipEntry): Buffer {
    const offset = entry.localHeaderOffset;
    if (offset + 30 > this.zip.length || this.zip.readUInt32LE(offset) !== LOCAL_FILE_HEADER)
      throw broken(`the local header of ${entry.name} is missing`);
    const start = offset + 30 + this.zip.readUInt16LE(offset + 26) + this.zip.readUInt16LE(offset + 28);
    const end = start + entry.compressedSize;
    if (end > this.zip.length) throw broken(`${entry.name} is cut short`);
    return this.zip.subarray(start, end);
  }

  private readCentralDirectory(): void {
    const zip = this.zip;
    // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
    let end = -1;
    for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--)
      if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
        end = offset;
        break;
      }
    if (end < 0) throw broken('it is not a complete zip file');
    const count = zip.readUInt16LE(end + 10);
    const directoryOffset = zip.readUInt32LE(end + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw broken('ZIP64 files are not supported');
    let offset = directoryOffset;
    for (let index = 0; index < count; index++) {
      if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
        throw broken('its central directory is damaged');
      const flags = zip.readUInt16LE(offset + 8);
      const nameLength = zip.readUInt16LE(offset + 28);
      const next = offset + 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
      if (next > zip.length) throw broken('its central directory is damaged');
      const entry: ZipEntry = {
        name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
        method: zip.readUInt16LE(offset + 10),
        compressedSize: zip.readUInt32LE(offset + 20),
        declaredSize: zip.readUInt32LE(offset + 24),
        localHeaderOffset: zip.readUInt32LE(offset + 42),
      };
      if (flags & 0x1) throw broken('it is encrypted (password-protected)');
      if (entry.declaredSize === 0xffffffff || entry.compressedSize === 0xffffffff)
        throw broken('ZIP64 files are not supported');
      if (!this.entries.has(entry.name)) this.entries.set(entry.name, entry);
      offset = next;
    }
  }
}
