import {
  BLOCK_EXPECTATIONS,
  fixtureLines,
  GENERIC_BLOCK_PATTERN,
  GENERIC_SESSION_PATTERN,
  SESSION_EXPECTATIONS,
} from '../../../test/fixtures/nat/nat-fixtures';
import { natPatternProblem } from './generic-pattern';
import { NatLineParser } from './nat-line-parser';
import { intToIpv4, ParsedNatLine } from './nat-record';
import { SyslogFramer } from './syslog-framing';

const parser = new NatLineParser({
  offsetMinutes: 480,
  genericSessionPattern: GENERIC_SESSION_PATTERN,
  genericBlockPattern: GENERIC_BLOCK_PATTERN,
});
const now = new Date('2026-12-05T03:00:00Z');

function parsedAll(): ParsedNatLine[] {
  return (['huawei', 'h3c', 'sangfor', 'hillstone', 'generic'] as const).flatMap((file) =>
    fixtureLines(file).map((line) => {
      const result = parser.parse(line, '192.0.2.1', now);
      if (!result.ok) throw new Error(`${file}: ${result.reason}: ${line}`);
      return result.record;
    }),
  );
}

describe('NAT line parser on the vendor fixtures', () => {
  const records = parsedAll();

  it.each(SESSION_EXPECTATIONS)('$vendor: $publicIp:$port is $insideIp', (expected) => {
    const found = records.find(
      (record) =>
        record.kind === 'session' &&
        intToIpv4(record.publicIp) === expected.publicIp &&
        record.publicPort === expected.port,
    );
    expect(found).toMatchObject({ vendor: expected.vendor });
    expect(intToIpv4(found!.insideIp)).toBe(expected.insideIp);
    // Every fixture is about 10:00 China time on 2026-12-05.
    expect(found!.at.toISOString().slice(0, 15)).toBe('2026-12-05T02:0');
  });

  it.each(BLOCK_EXPECTATIONS)('$vendor port block: $publicIp holds $port for $insideIp', (expected) => {
    const found = records.find(
      (record) =>
        record.kind === 'block' &&
        record.event === 'allocate' &&
        intToIpv4(record.publicIp) === expected.publicIp &&
        record.portStart <= expected.port &&
        record.portEnd >= expected.port,
    );
    expect(found).toMatchObject({ vendor: expected.vendor });
    expect(intToIpv4(found!.insideIp)).toBe(expected.insideIp);
  });

  it('reads times from the log body in the devices zone, and the teardown time', () => {
    const huawei = records.find((record) => record.kind === 'session' && record.insidePort === 51234);
    expect(huawei).toMatchObject({
      at: new Date('2026-12-05T02:00:05Z'),
      endedAt: new Date('2026-12-05T02:01:05Z'),
    });
    const hillstone = records.find((record) => record.vendor === 'hillstone');
    expect(hillstone).toMatchObject({ endedAt: new Date('2026-12-05T02:10:10Z'), device: 'EGRESS-SG6000' });
    const withdrawn = records.find((record) => record.kind === 'block' && record.event === 'release');
    expect(withdrawn).toMatchObject({ vendor: 'h3c', at: new Date('2026-12-05T02:05:00Z') });
  });

  it('drops the bad lines with a reason and never throws', () => {
    const reasons = fixtureLines('bad').map((line) => {
      const result = parser.parse(line, '192.0.2.1', now);
      return result.ok ? 'parsed' : result.reason;
    });
    expect(reasons).toEqual(['malformed', 'not-nat', 'not-nat', 'malformed']);
    expect(parser.parse('x'.repeat(5000), '192.0.2.1', now)).toEqual({ ok: false, reason: 'oversized' });
  });

  it('refuses a generic pattern that does not name the groups it needs', () => {
    expect(natPatternProblem('(?<insideIp>\\S+)', 'session')).toMatch(/insidePort/);
    expect(natPatternProblem('([', 'block')).toMatch(/not a valid regular expression/);
    expect(natPatternProblem(GENERIC_BLOCK_PATTERN, 'block')).toBeNull();
  });
});

describe('RFC 6587 framing', () => {
  it('reads octet-counted and LF frames split anywhere, multi-byte text included', () => {
    const sangfor = fixtureLines('sangfor')[0]!;
    const counted = `${Buffer.byteLength(sangfor)} ${sangfor}`;
    const stream = Buffer.from(`${counted}<13>first line\n<13>second\r\n${counted}`);
    const framer = new SyslogFramer();
    const lines: string[] = [];
    for (let offset = 0; offset < stream.length; offset += 7) {
      lines.push(...framer.push(stream.subarray(offset, offset + 7)).lines);
    }
    expect(lines).toEqual([sangfor, '<13>first line', '<13>second', sangfor]);
    expect(framer.end()).toBe(0);
  });

  it('never returns an unfinished frame, and skips oversized ones', () => {
    const framer = new SyslogFramer(100);
    expect(framer.push(Buffer.from(`<13>whole\n<13>cut mid-li`)).lines).toEqual(['<13>whole']);
    expect(framer.end()).toBe(1);
    const strict = new SyslogFramer(10);
    const result = strict.push(Buffer.from(`200 ${'y'.repeat(200)}<13>ok\n`));
    expect(result).toEqual({ lines: ['<13>ok'], oversized: 1 });
  });
});
