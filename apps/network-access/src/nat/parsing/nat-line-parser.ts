import { parseGeneric } from './generic-pattern';
import type { DropReason, NatRecord, NatVendor, ParsedNatLine } from './nat-record';
import { parseSyslogHeader } from './syslog-header';
import { vendorFormats } from './vendor-formats';

export interface NatLineParserOptions {
  /** Minutes east of UTC of timestamps without a zone. */
  offsetMinutes: number;
  genericSessionPattern?: string;
  genericBlockPattern?: string;
}

export type NatLineResult = { ok: true; record: ParsedNatLine } | { ok: false; reason: DropReason };

const MAX_LINE = 4096;

/**
 * One syslog line → one NAT record, or the reason it is dropped. Never throws: a firewall sends its other
 * logs to the same collector, and a broken line must cost a counter, not the receiver.
 */
export class NatLineParser {
  private readonly genericSession: RegExp | null;
  private readonly genericBlock: RegExp | null;

  constructor(private readonly options: NatLineParserOptions) {
    this.genericSession = options.genericSessionPattern ? new RegExp(options.genericSessionPattern) : null;
    this.genericBlock = options.genericBlockPattern ? new RegExp(options.genericBlockPattern) : null;
  }

  parse(line: string, sender: string, now: Date): NatLineResult {
    if (line.length > MAX_LINE) return { ok: false, reason: 'oversized' };
    try {
      return this.parseLine(line, sender, now);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }

  private parseLine(line: string, sender: string, now: Date): NatLineResult {
    const header = parseSyslogHeader(line, this.options.offsetMinutes, now);
    let vendor: NatVendor | null = null;
    let record: NatRecord | null | 'malformed' = null;
    for (const format of vendorFormats) {
      if (!format.claims(header.message)) continue;
      record = format.parse(header.message, this.options.offsetMinutes);
      vendor = format.vendor;
      if (record !== null) break;
    }
    if (record === null && this.genericSession) {
      record = parseGeneric(this.genericSession, 'session', header.message, this.options.offsetMinutes);
      vendor = 'generic';
    }
    if (record === null && this.genericBlock) {
      record = parseGeneric(this.genericBlock, 'block', header.message, this.options.offsetMinutes);
      vendor = 'generic';
    }
    if (record === null || vendor === null) return { ok: false, reason: 'not-nat' };
    if (record === 'malformed') return { ok: false, reason: 'malformed' };
    if (Number.isNaN(record.at.getTime())) record.at = header.timestamp ?? now;
    return { ok: true, record: { ...record, device: header.hostname ?? sender, vendor, line } };
  }
}
