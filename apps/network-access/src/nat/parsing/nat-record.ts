/** One NAT translation read from a firewall's log: an inside address:port seen outside as public:port. */
export interface NatSessionRecord {
  kind: 'session';
  /** When the translation began (the log's own time, else the syslog header's, else receipt). */
  at: Date;
  /** When it ended, for logs written at teardown. */
  endedAt: Date | null;
  protocol: number;
  insideIp: number;
  insidePort: number;
  publicIp: number;
  publicPort: number;
}

/** A block of public ports given to (or taken back from) one inside address: carrier-grade NAT's log. */
export interface NatBlockRecord {
  kind: 'block';
  at: Date;
  event: 'allocate' | 'release';
  insideIp: number;
  publicIp: number;
  portStart: number;
  portEnd: number;
}

export type NatRecord = NatSessionRecord | NatBlockRecord;

/** A NAT record with where it came from: the device, the format that read it, and the line itself (evidence). */
export type ParsedNatLine = NatRecord & { device: string; vendor: NatVendor; line: string };

export const natVendors = ['huawei', 'h3c', 'sangfor', 'hillstone', 'generic'] as const;
export type NatVendor = (typeof natVendors)[number];

/** Why a line was dropped, as counted in `netaccess_nat_lines_dropped_total{reason}`. */
export type DropReason = 'unframed' | 'oversized' | 'not-nat' | 'malformed' | 'expired' | 'write-failed';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Dotted quad → unsigned 32-bit integer (how the NAT tables store addresses: 4 bytes, range-comparable). */
export function ipv4ToInt(text: string | undefined): number | null {
  if (text === undefined || !IPV4.test(text)) return null;
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** A TCP/UDP port 0–65535 from text, or null. */
export function portOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

const PROTOCOLS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, gre: 47, esp: 50, sctp: 132 };

/** `TCP`, `tcp`, `6` → 6; unknown names → 0 (still a translation worth keeping). */
export function protocolOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (/^\d{1,3}$/.test(text)) return Math.min(Number(text), 255);
  return PROTOCOLS[text.toLowerCase()] ?? 0;
}

/** Epoch seconds (10 digits) or milliseconds (13) → Date, or null. */
export function epochOf(text: string | undefined): Date | null {
  if (text === undefined) return null;
  if (/^\d{10}$/.test(text)) return new Date(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return new Date(Number(text));
  return null;
}

/**
 * A wall-clock time without zone (`2026-12-05 10:00:00`, `2026/12/05 10:00:00`) read in the devices' zone,
 * `offsetMinutes` east of UTC. ISO 8601 with a zone is taken as it is.
 */
export function localTimeOf(text: string | undefined, offsetMinutes: number): Date | null {
  if (text === undefined) return null;
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (zoned) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const local = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!local) return null;
  const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60) return null;
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - offsetMinutes * 60_000);
}
