import { deadLetterTopicName, kafkaTopicName } from '@edubase/messaging';
import { pendingSchemaChanges } from '@edubase/persistence';
import { cleanUpKafka, TemporaryDatabase, uniqueRunId, waitFor } from '@edubase/testing';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { IndicatorsService } from '../src/indicators/indicators.service';
import { rebuildProjections, RebuildRefusedError } from '../src/rebuild/rebuild-projections';
import {
  AnyEnvelope,
  event,
  EventProducer,
  openCockpitDatabase,
  projectionSnapshot,
  sessionStartedEvent,
  testKafka,
} from './cockpit-test-kit';
import { setActiveConsumerGroup } from '../src/projections/consumer-group';
import { ProjectionEngine } from '../src/projections/projection-engine';

const SCHOOL_A = '3109900001';
const SCHOOL_B = '3109900002';

describe('cockpit projections from identity and network-access events (real Kafka + MariaDB)', () => {
  const suffix = uniqueRunId();
  const database = new TemporaryDatabase('cockpit_proj', suffix);
  const topicPrefix = `t-${suffix}.`;
  const liveGroup = `t-cockpit-live-${suffix}`;
  const rebuildGroup = `t-cockpit-rebuild-${suffix}`;
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: EventProducer;
  let engine: ProjectionEngine;
  let indicators: IndicatorsService;
  const committedScopes: string[][] = [];
  // Events are dated from this clock and indicators are read at it: a run that crosses an hour (or Shanghai
  // midnight) would otherwise look for its events in a bucket they are not in.
  const now = new Date();
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const minutes = (count: number): number => count * 60_000;

  // Out of order on purpose: later facts are published before earlier ones, as they may arrive across partitions.
  const sessionStarted = (sessionId: string, schoolCode: string, username: string, at: Date) =>
    sessionStartedEvent({ sessionId, schoolCode, username, at, framedIp: '10.2.0.8' });
  /** An active member of a school's staff, as identity.person.* events carry them. */
  const staff = (personId: string, staffNo: string, name: string, schoolCode: string, orgId: string) => ({
    personId,
    kind: 'staff' as const,
    staffNo,
    studentNo: null,
    name,
    schoolCode,
    orgId,
    status: 'active' as const,
  });
  const duplicateStart = sessionStarted('s1', SCHOOL_A, 'teacher.a1', ago(20_000));
  const events: AnyEnvelope[] = [
    event(
      'identity.org.created.v1',
      {
        orgId: 'org-a',
        kind: 'school',
        name: '测试第一中学',
        parentId: 'org-d',
        schoolCode: SCHOOL_A,
        stage: 'senior',
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(30)) },
    ),
    event(
      'identity.org.created.v1',
      {
        orgId: 'org-b',
        kind: 'school',
        name: '旧名小学',
        parentId: 'org-d',
        schoolCode: SCHOOL_B,
        stage: 'primary',
      },
      { schoolCode: SCHOOL_B, occurredAt: ago(minutes(30)) },
    ),
    event(
      'identity.org.updated.v1',
      {
        orgId: 'org-b',
        kind: 'school',
        name: '测试第二小学',
        parentId: 'org-d',
        schoolCode: SCHOOL_B,
        stage: 'primary',
      },
      { schoolCode: SCHOOL_B, occurredAt: ago(minutes(20)) },
    ),
    // p1: active staff at A.
    event('identity.person.created.v1', staff('p1', 'a1', '张老师', SCHOOL_A, 'org-a'), {
      schoolCode: SCHOOL_A,
      occurredAt: ago(minutes(10)),
    }),
    // p2: departure published before the creation it follows.
    event(
      'identity.person.deactivated.v1',
      {
        personId: 'p2',
        staffNo: 'a2',
        schoolCode: SCHOOL_A,
        status: 'departed',
        reason: '调离',
        effectiveDate: '2026-01-31',
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(5)) },
    ),
    event('identity.person.created.v1', staff('p2', 'a2', '李老师', SCHOOL_A, 'org-a'), {
      schoolCode: SCHOOL_A,
      occurredAt: ago(minutes(10)),
    }),
    // p3: an update (moved to B) published before the creation at A.
    event('identity.person.updated.v1', staff('p3', 'b3', '王老师', SCHOOL_B, 'org-b'), {
      schoolCode: SCHOOL_B,
      occurredAt: ago(minutes(2)),
    }),
    event('identity.person.created.v1', staff('p3', 'b3', '王老师', SCHOOL_A, 'org-a'), {
      schoolCode: SCHOOL_A,
      occurredAt: ago(minutes(10)),
    }),
    event(
      'identity.person.created.v1',
      {
        personId: 'p4',
        kind: 'student',
        staffNo: null,
        studentNo: 'G3101',
        name: '赵同学',
        schoolCode: SCHOOL_A,
        orgId: 'org-a',
        status: 'active',
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(10)) },
    ),
    event(
      'identity.role.granted.v1',
      {
        personId: 'p1',
        staffNo: 'a1',
        role: 'network-admin',
        scope: 'school',
        schoolCode: SCHOOL_A,
        endsAt: null,
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(9)) },
    ),
    // The revocation comes first but happened later: p1 is no teacher.
    event(
      'identity.role.revoked.v1',
      { personId: 'p1', staffNo: 'a1', role: 'teacher', scope: 'school', schoolCode: SCHOOL_A, endsAt: null },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(4)) },
    ),
    event(
      'identity.role.granted.v1',
      { personId: 'p1', staffNo: 'a1', role: 'teacher', scope: 'school', schoolCode: SCHOOL_A, endsAt: null },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(9)) },
    ),
    event(
      'identity.role.granted.v1',
      { personId: 'p2', staffNo: 'a2', role: 'teacher', scope: 'school', schoolCode: SCHOOL_A, endsAt: null },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(9)) },
    ),
    event(
      'identity.role.granted.v1',
      { personId: 'p3', staffNo: 'b3', role: 'teacher', scope: 'school', schoolCode: SCHOOL_B, endsAt: null },
      { schoolCode: SCHOOL_B, occurredAt: ago(minutes(1)) },
    ),
    // A district role of a person whose own event has not arrived (yet): counted, as nobody said otherwise.
    event(
      'identity.role.granted.v1',
      { personId: 'p5', staffNo: 'd5', role: 'leader', scope: 'district', schoolCode: null, endsAt: null },
      { occurredAt: ago(minutes(9)) },
    ),
    duplicateStart,
    // s2 stopped before it started (stop published first).
    event(
      'netaccess.session.stopped.v1',
      {
        sessionId: 's2',
        username: 'teacher.a2',
        personId: null,
        macAddress: null,
        nasId: `nas-${SCHOOL_A}`,
        framedIp: null,
        startedAt: ago(15_000).toISOString(),
        stoppedAt: ago(5_000).toISOString(),
        inputOctets: 10,
        outputOctets: 20,
        terminateCause: 'User-Request',
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(5_000) },
    ),
    sessionStarted('s2', SCHOOL_A, 'teacher.a2', ago(15_000)),
    sessionStarted('s3', SCHOOL_B, 'teacher.b3', ago(10_000)),
    ...['bad-password', 'bad-password', 'bad-password', 'unknown-user'].map((reason) =>
      event(
        'netaccess.auth.rejected.v1',
        {
          username: 'someone',
          macAddress: null,
          nasId: `nas-${SCHOOL_A}`,
          method: 'pap',
          reason: reason as 'bad-password',
          at: ago(8_000).toISOString(),
        },
        { schoolCode: SCHOOL_A, occurredAt: ago(8_000) },
      ),
    ),
    event(
      'netaccess.auth.rejected.v1',
      {
        username: 'other',
        macAddress: null,
        nasId: `nas-${SCHOOL_B}`,
        method: 'chap',
        reason: 'bad-password',
        at: ago(8_000).toISOString(),
      },
      { schoolCode: SCHOOL_B, occurredAt: ago(8_000) },
    ),
    event(
      'netaccess.terminal.registered.v1',
      {
        terminalId: 't1',
        macAddress: 'aa-bb-cc-00-00-01',
        type: 'pc',
        isDomestic: true,
        ownerPersonId: null,
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(3)) },
    ),
    event(
      'netaccess.terminal.registered.v1',
      {
        terminalId: 't2',
        macAddress: 'aa-bb-cc-00-00-02',
        type: 'printer',
        isDomestic: false,
        ownerPersonId: null,
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(3)) },
    ),
    // An older registration of t2 arriving late does not win.
    event(
      'netaccess.terminal.registered.v1',
      {
        terminalId: 't2',
        macAddress: 'aa-bb-cc-00-00-02',
        type: 'printer',
        isDomestic: true,
        ownerPersonId: null,
      },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(30)) },
    ),
    event(
      'netaccess.terminal.registered.v1',
      {
        terminalId: 't3',
        macAddress: 'aa-bb-cc-00-00-03',
        type: 'class-display',
        isDomestic: true,
        ownerPersonId: null,
      },
      { schoolCode: SCHOOL_B, occurredAt: ago(minutes(3)) },
    ),
    event(
      'netaccess.nas.registered.v1',
      { nasId: 'n1', ip: '10.1.1.1', vendor: '华为', model: 'S5735', location: '主楼' },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(3)) },
    ),
    event(
      'netaccess.nas.registered.v1',
      { nasId: 'n2', ip: '10.1.1.2', vendor: '锐捷', model: null, location: null },
      { schoolCode: SCHOOL_A, occurredAt: ago(minutes(3)) },
    ),
    event(
      'netaccess.nas.registered.v1',
      { nasId: 'n3', ip: '10.1.2.1', vendor: '新华三', model: null, location: null },
      { schoolCode: SCHOOL_B, occurredAt: ago(minutes(3)) },
    ),
  ];

  const processedCount = async (groupId: string): Promise<number> => {
    const [row] = await dataSource.query<Array<{ n: string }>>(
      'SELECT COUNT(*) AS n FROM processed_event WHERE consumer_group = ?',
      [groupId],
    );
    return Number(row?.n);
  };

  beforeAll(async () => {
    dataSource = await openCockpitDatabase(database);
    await setActiveConsumerGroup(dataSource.manager, liveGroup);
    kafka = testKafka();
    producer = new EventProducer(kafka, topicPrefix);
    indicators = new IndicatorsService(dataSource);
    engine = new ProjectionEngine({
      dataSource,
      kafka,
      groupId: liveGroup,
      topicPrefix,
      onCommitted: ({ scopes }) => committedScopes.push(scopes),
    });
    await engine.start();
    await producer.send(events);
    await producer.send([duplicateStart]);
    await producer.sendRaw('netaccess.session.started.v1', '{"not": "an envelope"');
    await waitFor(
      'all events applied',
      30_000,
      async () => (await processedCount(liveGroup)) === events.length,
    );
  });

  afterAll(async () => {
    await engine?.stop();
    await producer?.close();
    await dataSource?.destroy();
    await database.drop();
    await cleanUpKafka({ topicPrefix, consumerGroups: [liveGroup, rebuildGroup] });
  });

  it('has a checked-in migration for every entity (no schema drift)', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
  });

  it('counts people and staff by role from per-person state, whatever the arrival order', async () => {
    const a = await indicators.overview(SCHOOL_A, now);
    expect(a.schoolName).toBe('测试第一中学');
    expect(a.people).toEqual({ activeStaff: 1, activeStudents: 1 });
    expect(a.staffByRole).toEqual([{ key: 'network-admin', count: 1 }]);

    const b = await indicators.overview(SCHOOL_B, now);
    expect(b.schoolName).toBe('测试第二小学');
    expect(b.people).toEqual({ activeStaff: 1, activeStudents: 0 });
    expect(b.staffByRole).toEqual([{ key: 'teacher', count: 1 }]);

    const district = await indicators.overview('district', now);
    expect(district.people).toEqual({ activeStaff: 2, activeStudents: 1 });
    expect(district.staffByRole).toEqual([
      { key: 'leader', count: 1 },
      { key: 'network-admin', count: 1 },
      { key: 'teacher', count: 1 },
    ]);
  });

  it('tracks online sessions, sessions and authentications per school and district, counting a redelivery once', async () => {
    const a = await indicators.overview(SCHOOL_A, now);
    expect(a.online).toEqual({ sessions: 1, users: 1 });
    expect(a.today).toEqual({
      accepted: 2,
      rejected: 4,
      authentications: 6,
      sessions: 2,
      topRejectReasons: [
        { key: 'bad-password', count: 3 },
        { key: 'unknown-user', count: 1 },
      ],
    });
    const district = await indicators.overview('district', now);
    expect(district.online).toEqual({ sessions: 2, users: 2 });
    expect(district.today.accepted).toBe(3);
    expect(district.today.rejected).toBe(5);
    const lastHour = district.hourlyAuthentications.at(-1)!;
    expect(lastHour.accepted + lastHour.rejected).toBeGreaterThanOrEqual(1);
    expect(district.hourlyAuthentications.reduce((sum, hour) => sum + hour.accepted, 0)).toBe(3);
    expect(district.dailySessions.at(-1)!.value).toBe(3);
    expect(district.onlineTrend.at(-1)!.value).toBe(2);
  });

  it('keeps each counter at minute, hour and day grain', async () => {
    const rows = await dataSource.query<Array<{ grain: string; total: string }>>(
      "SELECT grain, SUM(value) AS total FROM indicator_bucket WHERE scope = ? AND metric = 'auth.rejected' GROUP BY grain ORDER BY grain",
      [SCHOOL_A],
    );
    expect(rows.map((row) => [row.grain, Number(row.total)])).toEqual([
      ['day', 4],
      ['hour', 4],
      ['minute', 4],
    ]);
    const series = await indicators.series({
      metric: 'auth.rejected',
      grain: 'minute',
      scope: SCHOOL_A,
      from: ago(minutes(5)),
      to: now,
      dimension: 'bad-password',
    });
    expect(series.points).toHaveLength(6);
    expect(series.points.reduce((sum, point) => sum + point.value, 0)).toBe(3);
  });

  it('counts terminals with the 信创 share and NAS devices; an older registration does not win', async () => {
    const a = await indicators.overview(SCHOOL_A, now);
    expect(a.devices).toEqual({ terminals: 2, domesticTerminals: 1, domesticShare: 0.5, nas: 2 });
    const district = await indicators.overview('district', now);
    expect(district.devices.terminals).toBe(3);
    expect(district.devices.domesticTerminals).toBe(2);
    expect(district.devices.nas).toBe(3);
    expect(
      district.schools?.map((school) => [school.schoolCode, school.name, school.onlineSessions, school.nas]),
    ).toEqual([
      [SCHOOL_A, '测试第一中学', 1, 2],
      [SCHOOL_B, '测试第二小学', 1, 1],
    ]);
  });

  it('reports the changed scopes of each committed batch (what the live push uses)', () => {
    const scopes = new Set(committedScopes.flat());
    expect(scopes).toEqual(new Set(['district', SCHOOL_A, SCHOOL_B]));
  });

  it('dead-letters an undecodable message and goes on', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(
      deadLetterTopicName(kafkaTopicName('netaccess.session.started.v1', topicPrefix)),
    );
    await admin.disconnect();
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1);
  });

  it('sets unlimited retention on the replayed topics', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: kafkaTopicName('identity.person.created.v1', topicPrefix) },
      ],
    });
    await admin.disconnect();
    const retention = described.resources[0]!.configEntries.find(
      (entry) => entry.configName === 'retention.ms',
    );
    expect(retention?.configValue).toBe('-1');
  });

  it('refuses to rebuild while the live consumer runs, then rebuilds identical projections by replay', async () => {
    await expect(rebuildProjections({ dataSource, kafka, topicPrefix })).rejects.toBeInstanceOf(
      RebuildRefusedError,
    );

    await engine.stop();
    const live = await projectionSnapshot(dataSource);
    const result = await rebuildProjections({
      dataSource,
      kafka,
      topicPrefix,
      groupId: rebuildGroup,
    });
    expect(result.previousGroupId).toBe(liveGroup);
    // Offsets, not events: a producer retry may have written some message twice (deduplicated by id).
    expect(result.events).toBeGreaterThanOrEqual(events.length + 2);
    expect(await projectionSnapshot(dataSource)).toEqual(live);
    expect(await processedCount(liveGroup)).toBe(0);
    expect(await processedCount(rebuildGroup)).toBe(events.length);
  });
});
