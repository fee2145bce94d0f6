import { epochOf, ipv4ToInt, localTimeOf, NatRecord, NatVendor, portOf, protocolOf } from './nat-record';

/**
 * Reads one vendor's NAT message (the text after the syslog header). `null`: not a NAT translation of this
 * vendor (another of its logs: a session without NAT, an alarm); `'malformed'`: its NAT log, but a field the
 * trace needs is missing or invalid. Each format is written from the vendor's public log reference; the
 * fixtures (test/fixtures/nat/) say which reference and which details are assumed.
 */
export interface VendorFormat {
  vendor: NatVendor;
  /** A cheap test run on every line before the parse proper. */
  claims(message: string): boolean;
  parse(message: string, offsetMinutes: number): NatRecord | null | 'malformed';
}

/** `Key=value` pairs (`Key(1003)=value` in Comware), separated by `separator`. */
function pairs(text: string, separator: ',' | ';'): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(separator)) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const key = part
      .slice(0, equals)
      .trim()
      .replace(/\(\d+\)$/, '');
    map.set(key, part.slice(equals + 1).trim());
  }
  return map;
}

function session(fields: {
  at: Date | null;
  endedAt?: Date | null;
  protocol?: string;
  insideIp?: string;
  insidePort?: string;
  publicIp?: string;
  publicPort?: string;
}): NatRecord | 'malformed' {
  const insideIp = ipv4ToInt(fields.insideIp);
  const publicIp = ipv4ToInt(fields.publicIp);
  const insidePort = portOf(fields.insidePort);
  const publicPort = portOf(fields.publicPort);
  if (insideIp === null || publicIp === null || insidePort === null || publicPort === null)
    return 'malformed';
  return {
    kind: 'session',
    at: fields.at ?? new Date(Number.NaN),
    endedAt: fields.endedAt ?? null,
    protocol: protocolOf(fields.protocol),
    insideIp,
    insidePort,
    publicIp,
    publicPort,
  };
}

function block(fields: {
  at: Date | null;
  event: 'allocate' | 'release';
  insideIp?: string;
  publicIp?: string;
  portStart?: string;
  portEnd?: string;
}): NatRecord | 'malformed' {
  const insideIp = ipv4ToInt(fields.insideIp);
  const publicIp = ipv4ToInt(fields.publicIp);
  const portStart = portOf(fields.portStart);
  const portEnd = portOf(fields.portEnd);
  if (insideIp === null || publicIp === null || portStart === null || portEnd === null || portEnd < portStart)
    return 'malformed';
  return {
    kind: 'block',
    at: fields.at ?? new Date(Number.NaN),
    event: fields.event,
    insideIp,
    publicIp,
    portStart,
    portEnd,
  };
}

/**
 * Huawei USG / Eudemon (VRP): session logs `%%01SECLOG/6/SESSION_BUILT|SESSION_TEARDOWN(l):IPVer=4,
 * Protocol=…,SourceIP=…,SourcePort=…,SourceNatIP=…,SourceNatPort=…,BeginTime=<epoch>,EndTime=…` and the CGN
 * port pre-allocation logs (`nat port-block assigning|freeing syslog enable`).
 */
export const huawei: VendorFormat = {
  vendor: 'huawei',
  claims: (message) => message.includes('%%') && (message.includes('SECLOG/') || message.includes('CGN/')),
  parse(message, offsetMinutes) {
    const body = /%%\d*(SECLOG|CGN)\/\d\/([A-Z_]+)(?:\(\w+\))?:/.exec(message);
    if (!body) return null;
    const [, module, event] = body as unknown as [string, string, string];
    // The last value ends the sentence with a period (`CloseReason=tcp-fin.`).
    const fields = pairs(
      message
        .slice(body.index + body[0].length)
        .trimEnd()
        .replace(/\.$/, ''),
      ',',
    );
    if (module === 'CGN') {
      if (!/^PORT_BLOCK_(ASSIGN|FREE)/.test(event)) return null;
      return block({
        at: epochOf(fields.get('Time')) ?? localTimeOf(fields.get('Time'), offsetMinutes),
        event: event.startsWith('PORT_BLOCK_FREE') ? 'release' : 'allocate',
        insideIp: fields.get('SourceIP'),
        publicIp: fields.get('SourceNatIP'),
        portStart: fields.get('SourceNatPortStart'),
        portEnd: fields.get('SourceNatPortEnd'),
      });
    }
    if (!event.startsWith('SESSION_') || !fields.has('SourceNatIP')) return null;
    return session({
      at: epochOf(fields.get('BeginTime')),
      endedAt: epochOf(fields.get('EndTime')),
      protocol: fields.get('Protocol'),
      insideIp: fields.get('SourceIP'),
      insidePort: fields.get('SourcePort'),
      publicIp: fields.get('SourceNatIP'),
      publicPort: fields.get('SourceNatPort'),
    });
  },
};

/** Comware `MMDDYYYYhhmmss` (BeginTime_e), local time. */
function comwareTime(text: string | undefined, offsetMinutes: number): Date | null {
  const match = text ? /^(\d{2})(\d{2})(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(text) : null;
  if (!match) return null;
  const [, mo, d, y, h, mi, s] = match;
  return localTimeOf(`${y}-${mo}-${d} ${h}:${mi}:${s}`, offsetMinutes);
}

const H3C_USERLOG =
  /USERLOG\/\d\/NAT:\s*(\w+);\s*([\d.]+):(\d+)--->([\d.]+):(\d+);\s*[\d.]+:\d+;\s*\[(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2})-(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2})\]/;

/**
 * H3C SecPath (Comware V7): `%%10NAT/6/NAT_FLOW: Protocol(1001)=…;SrcIPAddr(1003)=…;SrcPort(1004)=…;
 * NATSrcIPAddr(1005)=…;NATSrcPort(1006)=…;…;BeginTime_e(1013)=MMDDYYYYhhmmss;…`, NAT444 port block
 * assignment/withdrawal, and the older `USERLOG/7/NAT: TCP; in:port--->public:port; dst:port; [begin-end]`.
 */
export const h3c: VendorFormat = {
  vendor: 'h3c',
  claims: (message) => message.includes('USERLOG/') || (message.includes('NAT/') && message.includes('%%')),
  parse(message, offsetMinutes) {
    const legacy = H3C_USERLOG.exec(message);
    if (legacy) {
      const [, protocol, insideIp, insidePort, publicIp, publicPort, begin, end] = legacy;
      return session({
        at: localTimeOf(begin, offsetMinutes),
        endedAt: end!.startsWith('0000') ? null : localTimeOf(end, offsetMinutes),
        protocol,
        insideIp,
        insidePort,
        publicIp,
        publicPort,
      });
    }
    if (message.includes('USERLOG/')) return 'malformed';
    const body = /%%\d*NAT\/\d\/([A-Z0-9_]+):\s*(.*)$/.exec(message);
    if (!body) return null;
    const [, event, text] = body as unknown as [string, string, string];
    const fields = pairs(text, ';');
    const at = comwareTime(fields.get('BeginTime_e'), offsetMinutes);
    if (event.startsWith('NAT444_PORTBLOCK_')) {
      return block({
        at,
        event: event.includes('WITHDRAW') ? 'release' : 'allocate',
        insideIp: fields.get('SrcIPAddr'),
        publicIp: fields.get('NATSrcIPAddr'),
        portStart: fields.get('PortBlockStart'),
        portEnd: fields.get('PortBlockEnd'),
      });
    }
    if (event !== 'NAT_FLOW' && event !== 'NAT_SESSION') return null;
    return session({
      at,
      endedAt: comwareTime(fields.get('EndTime_e'), offsetMinutes),
      protocol: fields.get('Protocol'),
      insideIp: fields.get('SrcIPAddr'),
      insidePort: fields.get('SrcPort'),
      publicIp: fields.get('NATSrcIPAddr'),
      publicPort: fields.get('NATSrcPort'),
    });
  },
};

/** Sangfor AF: Chinese `键:值` pairs, `日志类型:NAT日志, 源IP:…, 源端口:…, 转换后的IP:…, 转换后的端口:…`. */
export const sangfor: VendorFormat = {
  vendor: 'sangfor',
  claims: (message) => message.includes('NAT日志'),
  parse(message, offsetMinutes) {
    const fields = new Map<string, string>();
    for (const part of message.split(/[,，]\s*/)) {
      const match = /^\s*(?:\S+:\s*)?([^:：\s]+)[:：]\s*(.*)$/.exec(part);
      if (match) fields.set(match[1]!, match[2]!.trim());
    }
    if (!(fields.get('NAT类型') ?? '源地址转换').includes('源')) return null;
    return session({
      at: localTimeOf(fields.get('时间'), offsetMinutes),
      protocol: fields.get('协议'),
      insideIp: fields.get('源IP'),
      insidePort: fields.get('源端口'),
      publicIp: fields.get('转换后的IP') ?? fields.get('转换后IP'),
      publicPort: fields.get('转换后的端口') ?? fields.get('转换后端口'),
    });
  },
};

const HILLSTONE =
  /([\d.]+):(\d+)->[\d.]+:\d+\((\w+)\),\s*snat to ([\d.]+):(\d+)(?:.*?start time (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}))?(?:.*?close time (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}))?/;

/** Hillstone StoneOS session/NAT log: `SESSION: in:port->dst:port(TCP), snat to public:port, …, start time …`. */
export const hillstone: VendorFormat = {
  vendor: 'hillstone',
  claims: (message) => message.includes('snat to'),
  parse(message, offsetMinutes) {
    const match = HILLSTONE.exec(message);
    if (!match) return 'malformed';
    const [, insideIp, insidePort, protocol, publicIp, publicPort, start, close] = match;
    return session({
      at: localTimeOf(start, offsetMinutes),
      endedAt: localTimeOf(close, offsetMinutes),
      protocol,
      insideIp,
      insidePort,
      publicIp,
      publicPort,
    });
  },
};

export const vendorFormats: readonly VendorFormat[] = [huawei, h3c, sangfor, hillstone];
