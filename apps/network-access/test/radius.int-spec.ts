import { createSocket, Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { passwordGrantToken, radclient, waitFor } from '@edubase/testing';
import { DisconnectAttemptEntity } from '../src/database/disconnect-attempt.entity';
import { PersonEntity, PersonRoleEntity } from '../src/database/person.entity';
import { SessionEntity } from '../src/database/session.entity';
import { TraceAuditEntity } from '../src/database/trace-audit.entity';
import {
  Attr,
  decodePacket,
  encodeResponse,
  RadiusCode,
  textAttribute,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
} from '../src/radius';
import { api, counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

const schoolA = '3101200001';
const secret = 'nas-shared-secret-3101200001';
const teacher = { personId: randomUUID(), staffNo: `teacher.${schoolA}` };
const netadmin = { personId: randomUUID(), staffNo: `netadmin.${schoolA}` };
const roleless = { personId: randomUUID(), staffNo: 'leader1' };
const departed = { personId: randomUUID(), staffNo: `admin.${schoolA}` };

interface NasBody {
  id: string;
  requireMessageAuthenticator: boolean;
}
interface TracedBody {
  sessionId: string;
  username: string;
  personId: string | null;
  personName: string | null;
  protectedFields: Record<string, string>;
  framedIp: string | null;
  macAddress: string | null;
  stoppedAt: string | null;
  inputOctets: number;
  outputOctets: number;
  terminateCause: string | null;
}

describe('network-access RADIUS server driven by radclient', () => {
  let harness: Harness;
  let districtToken: string;
  let nas: NasBody;
  let coaListener: Socket;
  const disconnectRequests: Buffer[] = [];

  beforeAll(async () => {
    harness = await startNetworkAccess('radius');
    districtToken = await passwordGrantToken('district.admin');

    // A NAS of its own: the Disconnect-Requests the service sends land on this socket, which ACKs them.
    coaListener = createSocket('udp4');
    coaListener.on('message', (datagram, remote) => {
      disconnectRequests.push(datagram);
      const decoded = decodePacket(datagram);
      if (!decoded.ok) return;
      const reply = encodeResponse(decoded.packet, RadiusCode.DisconnectAck, [], Buffer.from(secret));
      coaListener.send(reply, remote.port, remote.address);
    });
    await new Promise<void>((resolve) => coaListener.bind(0, '127.0.0.1', () => resolve()));

    const created = await api<NasBody>(harness, districtToken, 'POST', '/nas', {
      schoolCode: schoolA,
      name: '实验小学核心交换机',
      ip: '127.0.0.1',
      sharedSecret: secret,
      vendor: 'huawei',
      model: 'S5735',
      location: '行政楼弱电间',
      coaPort: coaListener.address().port,
    });
    expect(created.status).toBe(201);
    nas = created.body;

    const person = (who: { personId: string; staffNo: string }, status: 'active' | 'departed') => ({
      personId: who.personId,
      kind: 'staff' as const,
      staffNo: who.staffNo,
      studentNo: null,
      name: who.staffNo,
      schoolCode: schoolA,
      orgId: null,
      status,
    });
    await harness.publish('identity.person.created.v1', person(teacher, 'active'), schoolA);
    await harness.publish('identity.person.created.v1', person(netadmin, 'active'), schoolA);
    await harness.publish('identity.person.created.v1', person(roleless, 'active'), schoolA);
    await harness.publish('identity.person.created.v1', person(departed, 'departed'), schoolA);
    for (const [who, role] of [
      [teacher, 'teacher'],
      [netadmin, 'network-admin'],
      [departed, 'school-admin'],
    ] as const) {
      await harness.publish(
        'identity.role.granted.v1',
        {
          personId: who.personId,
          staffNo: who.staffNo,
          role,
          scope: 'school',
          schoolCode: schoolA,
          endsAt: null,
        },
        schoolA,
      );
    }
    await waitFor('identity projection', 30_000, async () => {
      const people = await harness.dataSource.getRepository(PersonEntity).count();
      const roles = await harness.dataSource.getRepository(PersonRoleEntity).count();
      return people === 4 && roles === 3;
    });
  });

  afterAll(async () => {
    await harness?.close();
    coaListener?.close();
  });

  const pap = (username: string, password: string, extra: string[] = []) =>
    radclient(harness.authPort, 'auth', secret, [
      `User-Name = "${username}"`,
      `User-Password = "${password}"`,
      ...extra,
    ]);

  it('accepts a teacher with the SSO password and puts them on the teacher VLAN', async () => {
    const result = await pap(teacher.staffNo, 'Passw0rd!');
    expect(result.code).toBe('Access-Accept');
    expect(result.attributes['Tunnel-Type']).toBe('VLAN');
    expect(result.attributes['Tunnel-Medium-Type']).toBe('IEEE-802');
    expect(result.attributes['Tunnel-Private-Group-Id']).toBe('120');
    expect(result.attributes['Session-Timeout']).toBe('28800');
    expect(result.attributes['Message-Authenticator']).toMatch(/^0x/);
  });

  it('rejects a wrong password with a Chinese Reply-Message and records the rejection', async () => {
    const result = await pap(netadmin.staffNo, 'not-the-password');
    expect(result.code).toBe('Access-Reject');
    expect(result.attributes['Reply-Message']).toBe('用户名或密码错误');
    const outbox: Array<{ payload: string }> = await harness.dataSource.query(
      "SELECT payload FROM outbox_event_written WHERE topic = 'netaccess.auth.rejected.v1'",
    );
    const reasons = outbox.map(
      (row) => (JSON.parse(row.payload) as { data: { reason: string; username: string } }).data,
    );
    expect(reasons).toContainEqual(
      expect.objectContaining({ username: netadmin.staffNo, reason: 'bad-password' }),
    );
  });

  it('rejects people without a network role, departed people and unknown users without asking the SSO', async () => {
    expect((await pap(roleless.staffNo, 'Passw0rd!')).attributes['Reply-Message']).toBe(
      '当前角色没有上网权限，请联系学校管理员',
    );
    expect((await pap(departed.staffNo, 'Passw0rd!')).attributes['Reply-Message']).toBe(
      '账号已停用（停职或离职），请联系学校管理员',
    );
    const unknown = await pap('nobody.9999', 'Passw0rd!');
    expect(unknown.code).toBe('Access-Reject');
    expect(unknown.attributes['Reply-Message']).toBe('账号不存在或未开通上网权限');
  });

  it('authenticates a device account with CHAP and a printer by MAC (MAB)', async () => {
    const registered = await api(harness, districtToken, 'POST', '/terminals/import', {
      terminals: [
        {
          macAddress: '00:11:22:33:44:55',
          schoolCode: schoolA,
          type: 'printer',
          name: '三楼打印机',
          isDomestic: false,
        },
        {
          macAddress: '00-11-22-33-44-66',
          schoolCode: schoolA,
          type: 'pc',
          operatingSystem: '统信UOS 20',
          isDomestic: true,
          accountName: 'xc-pc-301',
          chapSecret: 'chap-secret-301',
          vlan: 210,
        },
      ],
    });
    expect(registered.status).toBe(201);

    const chap = (password: string) =>
      radclient(harness.authPort, 'auth', secret, [
        'User-Name = "xc-pc-301"',
        `CHAP-Password = "${password}"`,
      ]);
    const accepted = await chap('chap-secret-301');
    expect(accepted.code).toBe('Access-Accept');
    expect(accepted.attributes['Tunnel-Private-Group-Id']).toBe('210');
    expect((await chap('wrong-secret')).code).toBe('Access-Reject');

    const mab = (mac: string) =>
      radclient(harness.authPort, 'auth', secret, [
        `User-Name = "${mac.replace(/-/g, '')}"`,
        `User-Password = "${mac.replace(/-/g, '')}"`,
        `Calling-Station-Id = "${mac.toUpperCase()}"`,
        'Service-Type = Call-Check',
      ]);
    const printer = await mab('00-11-22-33-44-55');
    expect(printer.code).toBe('Access-Accept');
    expect(printer.attributes['Tunnel-Private-Group-Id']).toBe('200');
    const stranger = await mab('00-11-22-33-44-77');
    expect(stranger.code).toBe('Access-Reject');
    expect(stranger.attributes['Reply-Message']).toBe('终端未登记，请联系学校网管员登记');
  });

  it('drops packets signed with the wrong shared secret without answering, and counts them', async () => {
    const badAccounting = await counterValue('netaccess_radius_dropped_total', {
      reason: 'bad-authenticator',
    });
    const badMessageAuthenticator = await counterValue('netaccess_radius_dropped_total', {
      reason: 'bad-message-authenticator',
    });
    const acct = await radclient(harness.acctPort, 'acct', 'wrong-secret', [
      `User-Name = "${teacher.staffNo}"`,
      'Acct-Status-Type = Start',
      'Acct-Session-Id = "wrong-secret-1"',
    ]);
    expect(acct.code).toBeNull();
    const auth = await radclient(harness.authPort, 'auth', 'wrong-secret', [
      `User-Name = "${teacher.staffNo}"`,
      'User-Password = "Passw0rd!"',
      'Message-Authenticator = 0x00',
    ]);
    expect(auth.code).toBeNull();
    expect(
      await counterValue('netaccess_radius_dropped_total', { reason: 'bad-authenticator' }),
    ).toBeGreaterThan(badAccounting);
    expect(
      await counterValue('netaccess_radius_dropped_total', { reason: 'bad-message-authenticator' }),
    ).toBeGreaterThan(badMessageAuthenticator);
  });

  it('answers Status-Server (RFC 5997) with Access-Accept on the auth port and Accounting-Response on the acct port', async () => {
    const status = (port: number, nasSecret: string, extra: string[] = ['Message-Authenticator = 0x00']) =>
      radclient(port, 'status', nasSecret, extra);
    const auth = await status(harness.authPort, secret);
    expect(auth.code).toBe('Access-Accept');
    expect(auth.attributes['Message-Authenticator']).toMatch(/^0x/);
    expect((await status(harness.acctPort, secret)).code).toBe('Accounting-Response');

    const badBefore = await counterValue('netaccess_radius_dropped_total', {
      reason: 'bad-message-authenticator',
    });
    expect((await status(harness.authPort, 'wrong-secret')).code).toBeNull();
    expect(
      await counterValue('netaccess_radius_dropped_total', { reason: 'bad-message-authenticator' }),
    ).toBe(badBefore + 1);
  });

  it('requires a Message-Authenticator once the NAS is switched to it (BlastRADIUS)', async () => {
    const switched = await api<NasBody>(harness, districtToken, 'PATCH', `/nas/${nas.id}`, {
      requireMessageAuthenticator: true,
    });
    expect(switched.status).toBe(200);
    expect(switched.body.requireMessageAuthenticator).toBe(true);
    const missingBefore = await counterValue('netaccess_radius_dropped_total', {
      reason: 'missing-message-authenticator',
    });
    expect((await pap(teacher.staffNo, 'Passw0rd!')).code).toBeNull();
    expect(
      await counterValue('netaccess_radius_dropped_total', { reason: 'missing-message-authenticator' }),
    ).toBe(missingBefore + 1);
    expect((await pap(teacher.staffNo, 'Passw0rd!', ['Message-Authenticator = 0x00'])).code).toBe(
      'Access-Accept',
    );
    await api(harness, districtToken, 'PATCH', `/nas/${nas.id}`, { requireMessageAuthenticator: false });
  });

  it('answers a retransmission from cache instead of evaluating it again', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const { encodeSignedRequest, attribute } = await import('../src/radius');
    const request = encodeSignedRequest(
      RadiusCode.AccountingRequest,
      77,
      [
        attribute.text(Attr.UserName, 'xc-pc-301'),
        attribute.integer(Attr.AcctStatusType, 1),
        attribute.text(Attr.AcctSessionId, 'dup-session-1'),
      ],
      Buffer.from(secret),
    );
    const answers: Buffer[] = [];
    socket.on('message', (datagram) => answers.push(datagram));
    const duplicatesBefore = await counterValue('netaccess_radius_responses_total', {
      response: 'duplicate',
    });
    socket.send(request, harness.acctPort, '127.0.0.1');
    await waitFor('first answer', 30_000, async () => answers.length === 1);
    socket.send(request, harness.acctPort, '127.0.0.1');
    await waitFor('second answer', 30_000, async () => answers.length === 2);
    socket.close();
    expect(answers[1]!.equals(answers[0]!)).toBe(true);
    expect(await counterValue('netaccess_radius_responses_total', { response: 'duplicate' })).toBe(
      duplicatesBefore + 1,
    );
    expect(
      await harness.dataSource.getRepository(SessionEntity).countBy({ acctSessionId: 'dup-session-1' }),
    ).toBe(1);
  });

  it('makes accounting start, interim and stop durable and traceable by IP, MAC and person', async () => {
    const base = Math.floor(Date.now() / 1000) - 300;
    const acct = (status: string, extra: string[]) =>
      radclient(harness.acctPort, 'acct', secret, [
        `User-Name = "${teacher.staffNo}"`,
        'Acct-Session-Id = "trace-0001"',
        `Acct-Status-Type = ${status}`,
        'Framed-IP-Address = 10.31.12.45',
        'Calling-Station-Id = "AA-BB-CC-00-00-01"',
        'NAS-Port-Id = "GigabitEthernet0/0/7"',
        ...extra,
      ]);
    expect((await acct('Start', [`Event-Timestamp = ${base}`])).code).toBe('Accounting-Response');
    // Durable before the response: the row is there the moment radclient has its answer.
    const started = await harness.dataSource
      .getRepository(SessionEntity)
      .findOneByOrFail({ acctSessionId: 'trace-0001' });
    expect(started.personId).toBe(teacher.personId);
    expect(
      (
        await acct('Interim-Update', [
          'Acct-Session-Time = 60',
          'Acct-Input-Octets = 1000',
          'Acct-Output-Octets = 5000',
        ])
      ).code,
    ).toBe('Accounting-Response');
    expect(
      (
        await acct('Stop', [
          `Event-Timestamp = ${base + 120}`,
          'Acct-Session-Time = 120',
          'Acct-Input-Octets = 2000',
          'Acct-Input-Gigawords = 1',
          'Acct-Output-Octets = 9000',
          'Acct-Terminate-Cause = User-Request',
        ])
      ).code,
    ).toBe('Accounting-Response');

    const officerToken = districtToken;
    expect(started.startedAt.getTime()).toBe(base * 1000);
    const at = new Date((base + 30) * 1000).toISOString();
    const byIp = await api<TracedBody[]>(
      harness,
      officerToken,
      'GET',
      `/trace/ip?ip=10.31.12.45&at=${encodeURIComponent(at)}&caseReason=${encodeURIComponent('网安协查 2026-001')}`,
    );
    expect(byIp.status).toBe(200);
    expect(byIp.body).toHaveLength(1);
    expect(byIp.body[0]).toMatchObject({
      username: teacher.staffNo,
      personId: teacher.personId,
      macAddress: 'aa-bb-cc-00-00-01',
      inputOctets: 2 ** 32 + 2000,
      outputOctets: 9000,
      terminateCause: 'User-Request',
    });
    const byMac = await api<TracedBody[]>(
      harness,
      officerToken,
      'GET',
      `/trace/mac?mac=AA:BB:CC:00:00:01&caseReason=${encodeURIComponent('网安协查 2026-002')}`,
    );
    expect(byMac.body.map((session) => session.sessionId)).toEqual([byIp.body[0]!.sessionId]);
    const byPerson = await api<TracedBody[]>(
      harness,
      officerToken,
      'GET',
      `/trace/people/${teacher.personId}?caseReason=${encodeURIComponent('网安协查 2026-003')}`,
    );
    expect(byPerson.body).toHaveLength(1);

    const withoutReason = await api(
      harness,
      officerToken,
      'GET',
      '/trace/ip?ip=10.31.12.45&at=2026-01-01T00:00:00Z',
    );
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.contentType).toContain('application/problem+json');
    const teacherToken = await passwordGrantToken(teacher.staffNo);
    expect(
      (await api(harness, teacherToken, 'GET', `/trace/mac?mac=aa-bb-cc-00-00-01&caseReason=curious`)).status,
    ).toBe(403);

    // The school's network administrator traces with the account and the device; the name beside where
    // and when someone was online is 重要 there, so it is masked for them and shown to the district.
    const netadminToken = await passwordGrantToken('netadmin.3101200001');
    const seenByNetadmin = await api<TracedBody[]>(
      harness,
      netadminToken,
      'GET',
      `/trace/ip?ip=10.31.12.45&at=${encodeURIComponent(at)}&caseReason=${encodeURIComponent('网安协查 2026-004')}`,
    );
    expect(seenByNetadmin.body).toEqual([
      expect.objectContaining({
        username: teacher.staffNo,
        macAddress: 'aa-bb-cc-00-00-01',
        personName: `t${'*'.repeat(teacher.staffNo.length - 1)}`,
        protectedFields: { personName: 'masked' },
      }),
    ]);
    expect(byIp.body[0]).toMatchObject({ personName: teacher.staffNo, protectedFields: {} });

    const audits = await harness.dataSource.getRepository(TraceAuditEntity).find({ order: { id: 'ASC' } });
    expect(audits.map((audit) => [audit.lookupKind, audit.caseReason, audit.resultCount])).toEqual([
      ['by-ip', '网安协查 2026-001', 1],
      ['by-mac', '网安协查 2026-002', 1],
      ['by-person', '网安协查 2026-003', 1],
      ['by-ip', '网安协查 2026-004', 1],
    ]);
    // Every lookup is in network access's tamper-evident chain too, and the chain is whole.
    const verified = await api<{ ok: boolean; checkedEntries: number }>(
      harness,
      districtToken,
      'GET',
      '/audit/verify',
    );
    expect(verified.body).toMatchObject({ ok: true, checkedEntries: 4 });
    const chained = (await harness.dataSource.query(
      'SELECT action, actor_name FROM audit_chain_entry ORDER BY seq',
    )) as { action: string; actor_name: string }[];
    expect(chained).toEqual([
      { action: 'trace.by-ip', actor_name: 'district.admin' },
      { action: 'trace.by-mac', actor_name: 'district.admin' },
      { action: 'trace.by-person', actor_name: 'district.admin' },
      { action: 'trace.by-ip', actor_name: 'netadmin.3101200001' },
    ]);
    expect((await api(harness, netadminToken, 'GET', '/audit/verify')).status).toBe(403);
  });

  it('on deactivation sends a Disconnect-Request for each open session and records the ACK; a replayed older deactivation sends none', async () => {
    expect(
      (
        await radclient(harness.acctPort, 'acct', secret, [
          `User-Name = "${teacher.staffNo}"`,
          'Acct-Session-Id = "to-disconnect-1"',
          'Acct-Status-Type = Start',
          'Framed-IP-Address = 10.31.12.46',
        ])
      ).code,
    ).toBe('Accounting-Response');
    // An old deactivation read again (a group re-reading its topic) is older than the person's current,
    // active state: it must not end their sessions. Same key, same partition, so it is applied first.
    await harness.publish(
      'identity.person.deactivated.v1',
      {
        personId: teacher.personId,
        staffNo: teacher.staffNo,
        schoolCode: schoolA,
        status: 'suspended',
        reason: '旧事件重放',
        effectiveDate: '2020-01-01',
      },
      schoolA,
      new Date('2020-01-01T08:00:00Z'),
    );
    await harness.publish(
      'identity.person.deactivated.v1',
      {
        personId: teacher.personId,
        staffNo: teacher.staffNo,
        schoolCode: schoolA,
        status: 'departed',
        reason: '调出',
        effectiveDate: '2026-03-01',
      },
      schoolA,
    );
    const attempt = await waitFor('disconnect attempt', 30_000, async () =>
      harness.dataSource
        .getRepository(DisconnectAttemptEntity)
        .findOneBy({ acctSessionId: 'to-disconnect-1', reason: 'identity departed: 调出' }),
    );
    expect(attempt.result).toBe('ack');
    // The replayed event's request, had there been one, was sent before this one was answered.
    expect(disconnectRequests).toHaveLength(1);
    expect(
      await harness.dataSource
        .getRepository(DisconnectAttemptEntity)
        .countBy({ acctSessionId: 'to-disconnect-1' }),
    ).toBe(1);
    const decoded = decodePacket(disconnectRequests[0]!);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.packet.code).toBe(RadiusCode.DisconnectRequest);
    expect(textAttribute(decoded.packet, Attr.AcctSessionId)).toBe('to-disconnect-1');
    expect(verifyRequestAuthenticator(decoded.packet, Buffer.from(secret))).toBe(true);
    expect(verifyMessageAuthenticator(decoded.packet, Buffer.from(secret))).toBe(true);

    // The verifier cached by the first test must not let a departed person back in.
    const after = await pap(teacher.staffNo, 'Passw0rd!');
    expect(after.code).toBe('Access-Reject');
    expect(after.attributes['Reply-Message']).toBe('账号已停用（停职或离职），请联系学校管理员');
  });

  it('lists Disconnect-Request results with paging, a school network admin only their own school', async () => {
    interface AttemptPage {
      items: Array<{ acctSessionId: string; result: string; schoolCode: string | null; personId: string }>;
      total: number;
      page: number;
      pageSize: number;
    }
    const all = await api<AttemptPage>(harness, districtToken, 'GET', '/disconnects');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(all.body.items).toEqual([
      expect.objectContaining({
        acctSessionId: 'to-disconnect-1',
        result: 'ack',
        schoolCode: schoolA,
        personId: teacher.personId,
      }),
    ]);
    const secondPage = await api<AttemptPage>(
      harness,
      districtToken,
      'GET',
      '/disconnects?page=2&pageSize=1',
    );
    expect(secondPage.body).toMatchObject({ total: 1, page: 2, pageSize: 1, items: [] });
    const timeouts = await api<AttemptPage>(harness, districtToken, 'GET', '/disconnects?result=timeout');
    expect(timeouts.body.total).toBe(0);

    const netadminToken = await passwordGrantToken('netadmin.3101200001');
    const own = await api<AttemptPage>(harness, netadminToken, 'GET', '/disconnects');
    expect(own.body.items.map((item) => item.acctSessionId)).toEqual(['to-disconnect-1']);
    expect((await api(harness, netadminToken, 'GET', '/disconnects?schoolCode=3101200002')).status).toBe(403);

    const teacherToken = await passwordGrantToken('teacher.3101200001');
    expect((await api(harness, teacherToken, 'GET', '/disconnects')).status).toBe(403);

    const bad = await api<{ errors: Array<{ field: string }> }>(
      harness,
      districtToken,
      'GET',
      '/disconnects?pageSize=0&result=maybe',
    );
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect([...new Set(bad.body.errors.map((error) => error.field))].sort()).toEqual(['pageSize', 'result']);
  });
});
