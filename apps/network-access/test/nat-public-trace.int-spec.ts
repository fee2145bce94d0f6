import { createSocket } from 'node:dgram';
import net from 'node:net';
import { createRealmUser, deleteRealmUser, uniqueRunId, waitFor } from '@edubase/testing';
import { NatIngestService } from '../src/nat/ingest/nat-ingest.service';
import type { PublicTrace } from '../src/nat/public-trace/public-trace.dto';
import { dayStart } from '../src/nat/storage/nat-partitions';
import { NatPartitionMaintenanceService } from '../src/nat/storage/nat-partition-maintenance.service';
import { NetworkAccessConfig } from '../src/network-access.config';
import type { TraceAuditEntry } from '../src/trace/audit/trace-audit.dto';
import {
  BLOCK_EXPECTATIONS,
  fixtureLines,
  GENERIC_BLOCK_PATTERN,
  GENERIC_SESSION_PATTERN,
  SESSION_EXPECTATIONS,
} from './fixtures/nat/nat-fixtures';
import { api, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(120_000);

const schoolA = '3101200001';
const schoolB = '3101200002';
const caseReason = encodeURIComponent('公安网安协查函 2026-101');
/** The generic-format inside address belongs to school B; everything else to school A. */
const schoolOf = (insideIp: string) => (insideIp === '10.31.12.51' ? schoolB : schoolA);

interface Page<T> {
  items: T[];
  total: number;
}

/**
 * NAT syslog lines of every vendor format in, over UDP and TCP, then `/trace/public` from a public ip:port
 * at a time to the person, per-session and port block; the lookups in the trace audit with school scope;
 * retention of the daily partitions on a controlled clock.
 */
describe('NAT logs and the public-address trace', () => {
  let harness: Harness;
  const accounts: string[] = [];
  const tokens: Record<'officer' | 'netadminA' | 'auditor' | 'teacherA', string> = {} as never;
  const officerName = { value: '' };

  beforeAll(async () => {
    harness = await startNetworkAccess('nat', {
      NAT_RETENTION_DAYS: '3650',
      NAT_GENERIC_SESSION_PATTERN: GENERIC_SESSION_PATTERN,
      NAT_GENERIC_BLOCK_PATTERN: GENERIC_BLOCK_PATTERN,
    });
    const run = uniqueRunId();
    for (const [key, grants] of [
      ['officer', ['security-officer@district']],
      ['netadminA', [`network-admin@${schoolA}`]],
      ['auditor', ['auditor@district']],
      ['teacherA', [`teacher@${schoolA}`]],
    ] as const) {
      const user = await createRealmUser({
        username: `nat${run}${key.toLowerCase()}`,
        grants: [...grants],
        schoolCode: schoolA,
        password: 'Nat-Trace-Passw0rd!',
      });
      accounts.push(user.id);
      tokens[key] = user.token;
      if (key === 'officer') officerName.value = `nat${run}officer`;
    }
    // The RADIUS side of the chain: who had each inside address around 10:00 on 2026-12-05 (CST).
    const insides = [...SESSION_EXPECTATIONS, ...BLOCK_EXPECTATIONS].map((row) => row.insideIp);
    for (const [index, insideIp] of insides.entries()) {
      const personId = `nat-person-${index}`;
      await harness.dataSource.query(
        `INSERT INTO person (person_id, staff_no, name, school_code, status, as_of) VALUES (?, ?, ?, ?, 'active', NOW(3))`,
        [personId, `t${index}`, `教师${index}`, schoolOf(insideIp)],
      );
      await harness.dataSource.query(
        `INSERT INTO session (started_at, acct_session_id, nas_id, nas_ip, school_code, username, person_id, framed_ip,
                              stopped_at, last_update_at)
         VALUES ('2026-12-05 01:30:00', ?, '00000000-0000-4000-8000-000000000001', '10.31.0.1', ?, ?, ?, ?,
                 '2026-12-05 03:00:00', '2026-12-05 03:00:00')`,
        [`acct-${index}`, schoolOf(insideIp), `t${index}`, personId, insideIp],
      );
    }
    await sendFixtures();
  });

  afterAll(async () => {
    for (const id of accounts) await deleteRealmUser(id);
    await harness?.close();
  });

  async function sendFixtures(): Promise<void> {
    const ports = harness.app.get(NatIngestService).receiver!.ports();
    const files = ['huawei', 'h3c', 'sangfor', 'hillstone', 'generic', 'bad'] as const;
    const all = files.flatMap((file) => fixtureLines(file));
    // Huawei and Sangfor over UDP, one datagram each; the rest over TCP, LF-framed and octet-counted mixed.
    const udpLines = [...fixtureLines('huawei'), ...fixtureLines('sangfor')];
    const udp = createSocket('udp4');
    for (const line of udpLines) {
      await new Promise<void>((resolve) => udp.send(line, ports.udpPort, '127.0.0.1', () => resolve()));
    }
    udp.close();
    const tcpLines = all.filter((line) => !udpLines.includes(line));
    const stream = Buffer.concat(
      tcpLines.map((line, index) =>
        index % 2 === 0
          ? Buffer.from(`${line}\n`)
          : Buffer.concat([Buffer.from(`${Buffer.byteLength(line)} `), Buffer.from(line)]),
      ),
    );
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: ports.tcpPort, allowHalfOpen: true });
      let text = '';
      socket.on('connect', () => socket.end(stream));
      socket.on('data', (data) => (text += data.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toBe(`ACK ${tcpLines.length}\n`);
    const expected = all.length - fixtureLines('bad').length;
    await waitFor('every fixture line stored', 10_000, async () => {
      const [{ count }] = (await harness.dataSource.query(
        `SELECT (SELECT COUNT(*) FROM nat_session_log) + (SELECT COUNT(*) FROM nat_port_block_log) AS count`,
      )) as [{ count: string }];
      return Number(count) === expected;
    });
  }

  const trace = (token: string, ip: string, port: number, at: string) =>
    api<PublicTrace>(
      harness,
      token,
      'GET',
      `/trace/public?ip=${ip}&port=${port}&at=${encodeURIComponent(at)}&caseReason=${caseReason}`,
    );

  it.each([...SESSION_EXPECTATIONS, ...BLOCK_EXPECTATIONS])(
    '$vendor: $publicIp:$port at $at → $insideIp → RADIUS session → person',
    async (expected) => {
      const answer = await trace(tokens.officer, expected.publicIp, expected.port, expected.at);
      expect(answer.status).toBe(200);
      expect(answer.body.translation).toMatchObject({ insideIp: expected.insideIp, vendor: expected.vendor });
      expect(answer.body.translation!.line).toContain(expected.insideIp);
      expect(answer.body.sessions).toHaveLength(1);
      expect(answer.body.sessions[0]).toMatchObject({
        framedIp: expected.insideIp,
        schoolCode: schoolOf(expected.insideIp),
        personName: expect.stringMatching(/^教师\d+$/),
      });
    },
  );

  it('answers nothing for a port outside the translation, a released block or a translation already ended', async () => {
    const free = await trace(tokens.officer, '202.121.1.10', 20399, '2026-12-05T02:00:30Z');
    expect(free.body).toMatchObject({ translation: null, sessions: [] });
    const released = await trace(tokens.officer, '202.121.1.21', 10300, '2026-12-05T02:06:00Z');
    expect(released.body.translation).toBeNull();
    // Hillstone's session ended at 10:10:10 CST.
    const ended = await trace(tokens.officer, '202.121.1.14', 33001, '2026-12-05T02:11:00Z');
    expect(ended.body.translation).toBeNull();
  });

  it('refuses a lookup without 案由 or with a bad port, naming the field', async () => {
    const noReason = await api<{ errors: Array<{ field: string }> }>(
      harness,
      tokens.officer,
      'GET',
      '/trace/public?ip=202.121.1.10&port=20345&at=2026-12-05T02:00:30Z',
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((error) => error.field)).toContain('caseReason');
    const badPort = await trace(tokens.officer, '202.121.1.10', 70000, '2026-12-05T02:00:30Z');
    expect(badPort.status).toBe(400);
  });

  it('shows a school network admin the chain only when it ends in their school', async () => {
    const own = await trace(tokens.netadminA, '202.121.1.10', 20345, '2026-12-05T02:00:30Z');
    expect(own.body.sessions).toHaveLength(1);
    const other = await trace(tokens.netadminA, '202.121.1.15', 41000, '2026-12-05T02:00:30Z');
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ translation: null, sessions: [] });
    expect((await trace(tokens.teacherA, '202.121.1.10', 20345, '2026-12-05T02:00:30Z')).status).toBe(403);
  });

  it('lists the lookups in the trace audit: everything for the auditor, their school for a network admin', async () => {
    const all = await api<Page<TraceAuditEntry>>(harness, tokens.auditor, 'GET', '/trace/audit?pageSize=200');
    expect(all.status).toBe(200);
    const publicLookups = all.body.items.filter((entry) => entry.lookupKind === 'by-public');
    expect(publicLookups.length).toBeGreaterThanOrEqual(
      SESSION_EXPECTATIONS.length + BLOCK_EXPECTATIONS.length,
    );
    const officers = publicLookups.filter((entry) => entry.actor === officerName.value);
    expect(officers[0]).toMatchObject({ caseReason: '公安网安协查函 2026-101', schoolCodes: [] });
    expect(officers.some((entry) => entry.resultCount === 1)).toBe(true);
    expect(JSON.stringify(all.body.items)).not.toContain('教师');

    const mine = await api<Page<TraceAuditEntry>>(harness, tokens.netadminA, 'GET', '/trace/audit');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.items.every((entry) => entry.schoolCodes.includes(schoolA))).toBe(true);
    expect(mine.body.items.map((entry) => entry.resultCount).sort()).toEqual([0, 1]);

    const paged = await api<Page<TraceAuditEntry>>(
      harness,
      tokens.auditor,
      'GET',
      `/trace/audit?schoolCode=${schoolA}&pageSize=1&page=2`,
    );
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.body.items).toHaveLength(1);
    const byActor = await api<Page<TraceAuditEntry>>(
      harness,
      tokens.officer,
      'GET',
      `/trace/audit?actor=${officerName.value}&pageSize=200`,
    );
    expect(byActor.body.items.every((entry) => entry.actor === officerName.value)).toBe(true);

    expect((await api(harness, tokens.netadminA, 'GET', `/trace/audit?schoolCode=${schoolB}`)).status).toBe(
      403,
    );
    expect((await api(harness, tokens.teacherA, 'GET', '/trace/audit')).status).toBe(403);
    expect((await api(harness, tokens.auditor, 'GET', '/trace/audit?from=2026-13-01')).status).toBe(400);
  });

  it('keeps every day within retention plus lookback, and drops a day only once it is past (controlled clock)', async () => {
    const config = harness.app.get(NetworkAccessConfig);
    const maintenance = new NatPartitionMaintenanceService(harness.dataSource, {
      ...config,
      NAT_RETENTION_DAYS: 180,
      PARTITION_MAINTENANCE_INTERVAL_HOURS: 0,
    } as NetworkAccessConfig);
    const now = new Date('2027-07-01T12:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await maintenance.ensureDays('nat_session_log', dayStart(daysAgo(200)), dayStart(now, 1));
    for (const days of [190, 185, 100, 1]) {
      await harness.dataSource.query(
        `INSERT INTO nat_session_log (logged_at, public_ip, public_port, inside_ip, inside_port, protocol, device, vendor, line, line_hash)
         VALUES (?, 1, ?, 2, 3, 6, 'retention', 'generic', 'retention test', UNHEX(MD5('retention test')))`,
        [daysAgo(days), days],
      );
    }
    const kept = async () =>
      (
        (await harness.dataSource.query(
          `SELECT public_port FROM nat_session_log WHERE device = 'retention' ORDER BY public_port`,
        )) as Array<{ public_port: number }>
      ).map((row) => row.public_port);

    const first = await maintenance.maintain(now);
    // Cutoff = now − 180 days − 7 days of port block lookback: 190 days ago goes, 185 stays.
    expect(first.dropped.length).toBeGreaterThan(0);
    expect(await kept()).toEqual([1, 100, 185]);
    expect(await maintenance.maintain(now)).toMatchObject({ dropped: [] });

    const later = await maintenance.maintain(new Date(now.getTime() + 5 * 86_400_000));
    expect(later.dropped.length).toBeGreaterThan(0);
    expect(await kept()).toEqual([1, 100]);
  });
});
