import { localTimeOf } from './nat-record';

/** What the syslog header says about a line; `message` is everything the vendor wrote after it. */
export interface SyslogHeader {
  timestamp: Date | null;
  hostname: string | null;
  message: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
// RFC 3164 and what the firewalls actually send after <PRI>: `Dec  5 10:00:00`, with a year after it
// (H3C: `Dec  5 10:00:00 2026`), or `2026-12-05 10:00:00` (Huawei's `timestamp local`), then the host.
const BSD_TIME = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?: (\d{4}))? /;
const DASH_TIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) /;

/**
 * Reads the header of one syslog line, RFC 5424 or RFC 3164 (with the variants firewalls send), leniently:
 * a header it cannot read leaves the whole line as the message, so a vendor parser still gets its chance.
 * `now` resolves RFC 3164's missing year (the most recent such date not after tomorrow).
 */
export function parseSyslogHeader(line: string, offsetMinutes: number, now: Date): SyslogHeader {
  const modern = RFC5424.exec(line);
  if (modern) {
    const rest = line.slice(modern[0].length);
    const message = skipStructuredData(rest);
    const time = modern[2] === '-' ? null : localTimeOf(modern[2], offsetMinutes);
    return { timestamp: time, hostname: nil(modern[3]), message };
  }
  const pri = /^<(\d{1,3})>\s?/.exec(line);
  let rest = pri ? line.slice(pri[0].length) : line;
  let timestamp: Date | null = null;
  const bsd = BSD_TIME.exec(rest);
  const dashed = bsd ? null : DASH_TIME.exec(rest);
  if (bsd) {
    timestamp = bsdTime(bsd, offsetMinutes, now);
    rest = rest.slice(bsd[0].length);
  } else if (dashed) {
    timestamp = localTimeOf(dashed[1], offsetMinutes);
    rest = rest.slice(dashed[0].length);
  }
  // The host is the next word unless the vendor's message starts right away (`%%01SECLOG/…`, `key=value`).
  const host = /^([A-Za-z0-9][\w.:-]{0,62}) /.exec(rest);
  if (host && !host[1]!.includes('=') && !host[1]!.endsWith(':')) {
    return { timestamp, hostname: host[1]!, message: rest.slice(host[0].length) };
  }
  return { timestamp, hostname: null, message: rest };
}

function nil(value: string | undefined): string | null {
  return value === undefined || value === '-' ? null : value;
}

/** Skips RFC 5424 STRUCTURED-DATA (`-` or `[id k="v"]…`, with `\]` escapes inside values). */
function skipStructuredData(rest: string): string {
  if (rest.startsWith('- ')) return rest.slice(2);
  if (rest === '-') return '';
  let index = 0;
  while (rest[index] === '[') {
    let quoted = false;
    index += 1;
    for (; index < rest.length; index += 1) {
      const char = rest[index];
      if (char === '\\') index += 1;
      else if (char === '"') quoted = !quoted;
      else if (char === ']' && !quoted) break;
    }
    index += 1;
  }
  return rest
    .slice(index)
    .replace(/^ /, '')
    .replace(/^\uFEFF/, '');
}

function bsdTime(match: RegExpExecArray, offsetMinutes: number, now: Date): Date | null {
  const month = MONTHS.indexOf(match[1]!);
  if (month < 0) return null;
  const [day, hour, minute, second] = [match[2], match[3], match[4], match[5]].map(Number) as number[];
  if (day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 60) return null;
  const at = (year: number) =>
    new Date(Date.UTC(year, month, day!, hour!, minute!, second!) - offsetMinutes * 60_000);
  if (match[6]) return at(Number(match[6]));
  const thisYear = now.getUTCFullYear();
  const candidate = at(thisYear);
  return candidate.getTime() > now.getTime() + 86_400_000 ? at(thisYear - 1) : candidate;
}
