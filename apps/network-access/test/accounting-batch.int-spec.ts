import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountingRecord } from '../src/accounting/accounting-record';
import { LedgerOperation, SessionLedgerService } from '../src/accounting/session-ledger.service';
import { PersonEntity, PersonRoleEntity } from '../src/database/person.entity';
import { SessionEntity } from '../src/database/session.entity';
import { TerminalEntity } from '../src/database/terminal.entity';
import { AcctStatus, Attr, attribute, decodePacket, encodeSignedRequest, RadiusCode } from '../src/radius';
import type { RadiusClient } from '../src/server/radius-server';
import { passwordGrantToken, waitFor } from '@edubase/testing';
import { api, counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

const schoolA = '3101200001';
const secret = 'acct-batch-secret-3101200001';
const teacher = { personId: randomUUID(), staffNo: `teacher.${schoolA}` };
const deviceAccount = 'batch-pc-01';

/** A NAS of its own per test: Accounting-On closes every open session of a NAS, so tests must not share. */
function nasClient(): RadiusClient {
  return {
    id: randomUUID(),
    ip: '10.99.0.1',
    schoolCode: schoolA,
    secret: Buffer.from(secret),
    requireMessageAuthenticator: false,
    enabled: true,
  };
}

/** Times well inside the current month, so rows land in a monthly partition. */
const base = Date.now() - 3_600_000;

function record(
  statusType: number,
  acctSessionId: string,
  eventOffsetSeconds: number,
  fields: Partial<AccountingRecord> = {},
): AccountingRecord {
  return {
    statusType,
    acctSessionId,
    username: teacher.staffNo,
    macAddress: 'aa-bb-cc-00-10-01',
    nasPort: '7',
    framedIp: '10.31.40.1',
    eventAt: new Date(base + eventOffsetSeconds * 1000),
    sessionTime: eventOffsetSeconds,
    inputOctets: 0,
    outputOctets: 0,
    terminateCause: null,
    interimInterval: null,
    ...fields,
  };
}

interface OutboxData {
  sessionId: string;
  personId: string | null;
  terminalId?: string | null;
  outputOctets?: number;
  terminateCause?: string;
}

describe('session ledger group commit: whole batches, durable before the Accounting-Response', () => {
  let harness: Harness;
  let ledger: SessionLedgerService;
  let terminalId: string;

  beforeAll(async () => {
    harness = await startNetworkAccess('acctbatch');
    ledger = harness.app.get(SessionLedgerService);
    const token = await passwordGrantToken('district.admin');
    expect(
      (
        await api(harness, token, 'POST', '/nas', {
          schoolCode: schoolA,
          name: '批量记账测试 BRAS',
          ip: '127.0.0.1',
          sharedSecret: secret,
          vendor: 'huawei',
        })
      ).status,
    ).toBe(201);
    // The identity projection as its consumer writes it, and a terminal with a device account.
    await harness.dataSource.getRepository(PersonEntity).insert({
      personId: teacher.personId,
      staffNo: teacher.staffNo,
      name: '张老师',
      schoolCode: schoolA,
      status: 'active',
      asOf: new Date(),
    });
    await harness.dataSource
      .getRepository(PersonRoleEntity)
      .insert({ personId: teacher.personId, role: 'teacher', schoolKey: schoolA, endsAt: null });
    const registered = await api<Array<{ id: string }>>(harness, token, 'POST', '/terminals/import', {
      terminals: [
        {
          macAddress: '00-11-22-33-99-01',
          schoolCode: schoolA,
          type: 'pc',
          isDomestic: true,
          accountName: deviceAccount,
          chapSecret: 'chap-secret-batch',
        },
      ],
    });
    expect(registered.status).toBe(201);
    terminalId = (
      await harness.dataSource.getRepository(TerminalEntity).findOneByOrFail({ accountName: deviceAccount })
    ).id;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await harness?.close();
  });

  const sessionsOf = (nas: RadiusClient) =>
    harness.dataSource
      .getRepository(SessionEntity)
      .find({ where: { nasId: nas.id }, order: { acctSessionId: 'ASC', startedAt: 'ASC' } });

  async function eventsOf(topic: string, sessionIds: string[]): Promise<OutboxData[]> {
    if (sessionIds.length === 0) return [];
    const rows: Array<{ payload: string }> = await harness.dataSource.query(
      'SELECT payload FROM outbox_event_written WHERE topic = ? ORDER BY created_at, event_id',
      [topic],
    );
    return rows
      .map((row) => (JSON.parse(row.payload) as { data: OutboxData }).data)
      .filter((data) => sessionIds.includes(data.sessionId));
  }

  /** Submits every record in the same turn of the event loop, as datagrams read in one poll phase are. */
  function submitTogether(nas: RadiusClient, records: AccountingRecord[]): Promise<void[]> {
    return Promise.all(records.map((entry) => ledger.record(nas, entry)));
  }

  it('applies Start, Interim and Stop of many sessions arriving together in ONE transaction', async () => {
    const nas = nasClient();
    const batches = jest.spyOn(ledger, 'applyBatch');
    const records: AccountingRecord[] = [];
    for (let index = 0; index < 100; index += 1) {
      const id = `together-${String(index).padStart(3, '0')}`;
      records.push(
        record(AcctStatus.Start, id, 0),
        record(AcctStatus.InterimUpdate, id, 60, { inputOctets: 1000, outputOctets: 3000 }),
        record(AcctStatus.Stop, id, 120, {
          inputOctets: 2000,
          outputOctets: 6000 + index,
          terminateCause: 'Idle-Timeout',
        }),
      );
    }
    await submitTogether(nas, records);
    expect(batches.mock.calls.map(([, operations]) => operations.length)).toEqual([300]);
    batches.mockRestore();

    const sessions = await sessionsOf(nas);
    expect(sessions).toHaveLength(100);
    expect(sessions[7]).toMatchObject({
      acctSessionId: 'together-007',
      personId: teacher.personId,
      startedAt: new Date(base),
      stoppedAt: new Date(base + 120_000),
      sessionTime: 120,
      inputOctets: '2000',
      outputOctets: '6007',
      terminateCause: 'Idle-Timeout',
    });
    const ids = sessions.map((session) => String(session.id));
    expect(await eventsOf('netaccess.session.started.v1', ids)).toHaveLength(100);
    const stopped = await eventsOf('netaccess.session.stopped.v1', ids);
    expect(stopped).toHaveLength(100);
    expect(stopped.find((data) => data.sessionId === String(sessions[7]!.id))).toMatchObject({
      personId: teacher.personId,
      outputOctets: 6007,
      terminateCause: 'Idle-Timeout',
    });
  });

  it('costs the same few statements for 3 records as for 300', async () => {
    const statementsFor = async (sessions: number): Promise<number> => {
      const nas = nasClient();
      const operations: LedgerOperation[] = [];
      for (let index = 0; index < sessions; index += 1) {
        const id = `cost-${sessions}-${index}`;
        operations.push(
          { kind: 'accounting', nas, record: record(AcctStatus.Start, id, 0) },
          {
            kind: 'accounting',
            nas,
            record: record(AcctStatus.InterimUpdate, `${id}-pc`, 30, {
              username: deviceAccount,
              macAddress: null,
            }),
          },
          { kind: 'accounting', nas, record: record(AcctStatus.Stop, id, 60) },
        );
      }
      // Sessions that already exist, so the update path runs too.
      await harness.dataSource.transaction((manager) =>
        ledger.applyBatch(
          manager,
          operations.filter(
            (operation) =>
              operation.kind === 'accounting' && operation.record.statusType === AcctStatus.Start,
          ),
        ),
      );
      let statements = 0;
      await harness.dataSource.transaction(async (manager: EntityManager) => {
        const query = manager.query.bind(manager);
        jest.spyOn(manager, 'query').mockImplementation((sql: string, parameters?: unknown[]) => {
          statements += 1;
          return query(sql, parameters);
        });
        expect(await ledger.applyBatch(manager, operations)).toEqual(operations.map(() => 1));
      });
      return statements;
    };
    const few = await statementsFor(1);
    const many = await statementsFor(100);
    expect(many).toBe(few);
    // SELECT sessions, SELECT terminals, INSERT new, INSERT … ON DUPLICATE KEY UPDATE, two outbox INSERTs.
    expect(many).toBeLessThanOrEqual(6);
    const pcSession = await harness.dataSource
      .getRepository(SessionEntity)
      .findOneByOrFail({ acctSessionId: 'cost-100-42-pc' });
    expect(pcSession).toMatchObject({ personId: null, terminalId, stoppedAt: null, sessionTime: 30 });
  });

  it('stores retransmissions arriving in one batch once, and a repeated Stop changes nothing', async () => {
    const nas = nasClient();
    await submitTogether(nas, [
      record(AcctStatus.Start, 'dup-1', 0),
      // The NAS retried with a new Acct-Delay-Time: a different packet, the same event.
      record(AcctStatus.Start, 'dup-1', 0),
      record(AcctStatus.Stop, 'dup-1', 300, { outputOctets: 900, terminateCause: 'User-Request' }),
      record(AcctStatus.Stop, 'dup-1', 300, { outputOctets: 900, terminateCause: 'User-Request' }),
      record(AcctStatus.InterimUpdate, 'dup-1', 240, { outputOctets: 800 }),
    ]);
    await submitTogether(nas, [record(AcctStatus.Stop, 'dup-1', 300, { outputOctets: 999 })]);
    const sessions = await sessionsOf(nas);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      stoppedAt: new Date(base + 300_000),
      outputOctets: '900',
      terminateCause: 'User-Request',
    });
    const ids = [String(sessions[0]!.id)];
    expect(await eventsOf('netaccess.session.started.v1', ids)).toHaveLength(1);
    expect(await eventsOf('netaccess.session.stopped.v1', ids)).toHaveLength(1);
  });

  it('makes a Stop before its Start a closed session, and keeps a reused session id apart', async () => {
    const nas = nasClient();
    await submitTogether(nas, [
      record(AcctStatus.Stop, 'early-stop', 600, { outputOctets: 5000, terminateCause: 'Lost-Carrier' }),
      record(AcctStatus.Start, 'early-stop', 0),
      record(AcctStatus.Start, 'reused', 0),
      record(AcctStatus.Stop, 'reused', 100),
      // The NAS rebooted and numbers sessions from the start again: a new session under the same id.
      record(AcctStatus.Start, 'reused', 200, { sessionTime: 0 }),
    ]);
    const sessions = await sessionsOf(nas);
    expect(sessions.map((session) => [session.acctSessionId, session.startedAt, session.stoppedAt])).toEqual([
      ['early-stop', new Date(base), new Date(base + 600_000)],
      ['reused', new Date(base), new Date(base + 100_000)],
      ['reused', new Date(base + 200_000), null],
    ]);
    expect(sessions[0]).toMatchObject({ terminateCause: 'Lost-Carrier', personId: teacher.personId });
  });

  it('applies Accounting-On and the stale sweep between the records around them, in order', async () => {
    const nas = nasClient();
    const [, , closedAsStale] = await Promise.all([
      ledger.record(nas, record(AcctStatus.Start, 'before-reboot', 0)),
      ledger.record(nas, record(AcctStatus.Start, 'stale', -7200, { sessionTime: 0, interimInterval: 60 })),
      ledger.closeStale(new Date(base)),
      ledger.record(nas, record(AcctStatus.AccountingOn, '', 30, { username: '' })),
      ledger.record(nas, record(AcctStatus.Start, 'after-reboot', 40, { sessionTime: 0 })),
    ]);
    expect(closedAsStale).toBe(1);
    const sessions = await sessionsOf(nas);
    expect(
      sessions.map((session) => [session.acctSessionId, session.stoppedAt, session.terminateCause]),
    ).toEqual([
      ['after-reboot', null, null],
      ['before-reboot', new Date(base + 30_000), 'NAS-Reboot'],
      ['stale', new Date(base - 7_200_000), 'stale'],
    ]);
  });

  it('merges Interim and Stop of the sessions it wrote without a lookup, and never rewrites a closed row', async () => {
    const nas = nasClient();
    await submitTogether(nas, [
      record(AcctStatus.Start, 'known-1', 0),
      record(AcctStatus.Start, 'known-2', 0),
    ]);
    // Another instance closes known-2 behind this one's back (its Stop reached the other instance).
    await harness.dataSource.query(
      `UPDATE session SET stopped_at = ?, terminate_cause = 'Lost-Service', output_octets = 70
        WHERE nas_id = ? AND acct_session_id = 'known-2'`,
      [new Date(base + 50_000), nas.id],
    );
    const query = jest.spyOn(EntityManager.prototype, 'query');
    const statements = (pattern: RegExp) => query.mock.calls.filter(([sql]) => pattern.test(sql)).length;
    // The lookup by (NAS, Acct-Session-Id) across partitions, and the re-read of a copy by primary key.
    const sessionLookups = () => statements(/FORCE INDEX \(idx_session_nas_acct\)/);
    const primaryKeyRereads = () => statements(/FROM `session`[\s\S]*FOR UPDATE/);
    try {
      await submitTogether(nas, [
        record(AcctStatus.InterimUpdate, 'known-1', 60, { inputOctets: 1000 }),
        record(AcctStatus.Stop, 'known-2', 90, { outputOctets: 900, terminateCause: 'User-Request' }),
      ]);
      // The Interim merged into the copy; the Stop's copy was re-read, found closed, and looked up.
      expect([sessionLookups(), primaryKeyRereads()]).toEqual([1, 1]);
      await submitTogether(nas, [record(AcctStatus.Stop, 'known-1', 120, { inputOctets: 2000 })]);
      expect([sessionLookups(), primaryKeyRereads()]).toEqual([1, 2]);
      // A closed session is not kept: its retransmitted Stop is decided by the database again.
      await submitTogether(nas, [record(AcctStatus.Stop, 'known-1', 120, { inputOctets: 2500 })]);
      expect([sessionLookups(), primaryKeyRereads()]).toEqual([2, 2]);
    } finally {
      query.mockRestore();
    }
    const [known1, known2] = await sessionsOf(nas);
    expect(known1).toMatchObject({ stoppedAt: new Date(base + 120_000), inputOctets: '2000' });
    expect(known2).toMatchObject({
      stoppedAt: new Date(base + 50_000),
      terminateCause: 'Lost-Service',
      outputOctets: '70',
    });
    // The instance that closed known-2 published its stop; this one's stale copy published none.
    const stopped = await eventsOf('netaccess.session.stopped.v1', [String(known1!.id), String(known2!.id)]);
    expect(stopped.map((data) => data.sessionId)).toEqual([String(known1!.id)]);
  });

  it('sends no Accounting-Response while the transaction fails, and answers the retransmission once durable', async () => {
    await harness.dataSource.query(
      `CREATE TRIGGER t_fail_session BEFORE INSERT ON session FOR EACH ROW
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test: the ledger cannot commit'`,
    );
    const socket = createSocket('udp4');
    const answers: Buffer[] = [];
    socket.on('message', (datagram) => answers.push(datagram));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    try {
      const request = encodeSignedRequest(
        RadiusCode.AccountingRequest,
        91,
        [
          attribute.text(Attr.UserName, teacher.staffNo),
          attribute.integer(Attr.AcctStatusType, AcctStatus.Start),
          attribute.text(Attr.AcctSessionId, 'must-not-ack-1'),
          attribute.address(Attr.FramedIpAddress, '10.31.40.9'),
        ],
        Buffer.from(secret),
      );
      const failuresBefore = await counterValue('netaccess_radius_dropped_total', {
        reason: 'handler-error',
      });
      socket.send(request, harness.acctPort, '127.0.0.1');
      await waitFor('the failed write to be counted', 30_000, async () => {
        const failures = await counterValue('netaccess_radius_dropped_total', { reason: 'handler-error' });
        return failures > failuresBefore;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answers).toHaveLength(0);
      expect(
        await harness.dataSource.getRepository(SessionEntity).countBy({ acctSessionId: 'must-not-ack-1' }),
      ).toBe(0);

      await harness.dataSource.query('DROP TRIGGER t_fail_session');
      // The NAS retransmits the same packet: it is evaluated afresh, written, and only then answered.
      socket.send(request, harness.acctPort, '127.0.0.1');
      await waitFor('the Accounting-Response', 30_000, async () => answers.length === 1);
      const stored = await harness.dataSource
        .getRepository(SessionEntity)
        .findOneByOrFail({ acctSessionId: 'must-not-ack-1' });
      expect(stored.framedIp).toBe('10.31.40.9');
      const decoded = decodePacket(answers[0]!);
      expect(decoded.ok && decoded.packet.code).toBe(RadiusCode.AccountingResponse);
    } finally {
      socket.close();
      await harness.dataSource.query('DROP TRIGGER IF EXISTS t_fail_session');
    }
  });
});
