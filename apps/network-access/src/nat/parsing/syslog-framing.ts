const LF = 0x0a;
const SPACE = 0x20;

export interface FramedLines {
  lines: string[];
  /** Frames thrown away: longer than the limit (counted `oversized`). */
  oversized: number;
}

/**
 * RFC 6587 framing of a syslog TCP stream: each frame is either octet-counted (`<length> <message>`,
 * recognised by a leading digit, since a syslog message starts with `<`) or ends at LF (non-transparent
 * framing; a CR before it is dropped). Lengths are bytes, so multi-byte text (Sangfor's Chinese keys) is cut
 * correctly. A frame longer than `maxFrame` is skipped whole, and what is left unfinished when the stream
 * ends is returned by `end()` as a count, never as a line: a sender killed mid-line must not store half a
 * translation (a truncated port is a wrong port).
 */
export class SyslogFramer {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of an over-long frame still to skip; -1 while skipping an over-long LF frame to its end. */
  private skipping = 0;

  constructor(private readonly maxFrame = 8192) {}

  push(chunk: Buffer): FramedLines {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const lines: string[] = [];
    let oversized = 0;
    let offset = 0;
    const data = this.pending;
    while (offset < data.length) {
      if (this.skipping > 0) {
        const skip = Math.min(this.skipping, data.length - offset);
        this.skipping -= skip;
        offset += skip;
        continue;
      }
      if (this.skipping === -1) {
        const newline = data.indexOf(LF, offset);
        if (newline < 0) {
          offset = data.length;
          break;
        }
        this.skipping = 0;
        offset = newline + 1;
        continue;
      }
      const first = data[offset]!;
      if (first === LF || first === 0x0d) {
        offset += 1;
        continue;
      }
      if (first >= 0x30 && first <= 0x39) {
        const space = data.indexOf(SPACE, offset);
        const digits = space < 0 ? data.length - offset : space - offset;
        const counted = space > 0 && digits <= 6 && /^\d+$/.test(data.toString('latin1', offset, space));
        if (space < 0 && digits <= 6 && /^\d*$/.test(data.toString('latin1', offset))) break; // length not complete yet
        if (counted) {
          const length = Number(data.toString('latin1', offset, space));
          const start = space + 1;
          if (length > this.maxFrame) {
            oversized += 1;
            this.skipping = length;
            offset = start;
            continue;
          }
          if (data.length - start < length) break;
          lines.push(stripNewline(data.toString('utf8', start, start + length)));
          offset = start + length;
          continue;
        }
      }
      const newline = data.indexOf(LF, offset);
      if (newline < 0) {
        if (data.length - offset > this.maxFrame) {
          oversized += 1;
          this.skipping = -1;
          offset = data.length;
        }
        break;
      }
      if (newline - offset > this.maxFrame) oversized += 1;
      else lines.push(stripNewline(data.toString('utf8', offset, newline)));
      offset = newline + 1;
    }
    this.pending = offset >= data.length ? Buffer.alloc(0) : data.subarray(offset);
    return { lines, oversized };
  }

  /** The stream ended: 1 if an unfinished frame is thrown away, else 0. */
  end(): number {
    const unfinished = this.pending.length > 0 && this.pending.some((byte) => byte !== LF && byte !== 0x0d);
    this.pending = Buffer.alloc(0);
    return unfinished ? 1 : 0;
  }
}

function stripNewline(text: string): string {
  return text.endsWith('\r') || text.endsWith('\n') ? text.replace(/[\r\n]+$/, '') : text;
}
