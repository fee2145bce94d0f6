// The scale-out proof (`npm run test:scale-out`): two instances each of identity, network access and the
// cockpit on one database and one set of consumer groups; RADIUS split between the network-access instances
// by source (SO_REUSEPORT); one network-access instance killed with kill -9 under load. Checks that no
// acknowledged accounting record and no event is lost or counted twice, that the cockpit equals the sources,
// and that a browser-like SSE client on either cockpit instance sees changes whichever instance consumed them.
import mysql from 'mysql2/promise';
import type { Overview } from '@edubase/cockpit-api';
import { cleanUpKafka, DEMO_PASSWORD, KEYCLOAK_URL, MARIADB, uniqueRunId, waitFor } from '@edubase/testing';
import { IdentityLoad, RadiusLoad, RealmToken } from '../load';
import { groupAssignment, LiveClient, partitionOfKey, radiusReceived } from './observers';
import { ScaledPlatform, startScaledPlatform } from './scaled-platform';

jest.setTimeout(20 * 60_000);

const SCHOOL = '3101200001';
const NAS_SECRET = 'scale-out-nas-secret';
const TERMINALS = ['02-fb-00-00-00-01', '02-fb-00-00-00-02', '02-fb-00-00-00-03', '02-fb-00-00-00-04'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scale-out: two instances of each service, one killed under load', () => {
  const runId = uniqueRunId()
    .replace(/[^a-z0-9]/gi, '')
    .slice(-8)
    .toLowerCase();
  let platform: ScaledPlatform;
  let db: mysql.Pool;
  let admin: RealmToken;
  const live: LiveClient[] = [];

  async function call<T>(baseUrl: string, method: string, url: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${(await admin.get()) ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  const count = async (database: string, sql: string, params: unknown[] = []): Promise<number> => {
    const [rows] = await db.query(`SELECT COUNT(*) AS n FROM \`${database}\`.${sql}`, params);
    return Number((rows as Array<{ n: number | string }>)[0]!.n);
  };

  beforeAll(async () => {
    db = mysql.createPool({ ...MARIADB, connectionLimit: 2 });
    platform = await startScaledPlatform(runId);
    admin = new RealmToken(KEYCLOAK_URL, 'district.admin', DEMO_PASSWORD);
    const [identityA] = platform.instances.identity;
    const [networkA] = platform.instances['network-access'];
    const district = await call<{ id: string }>(identityA.baseUrl, 'POST', '/orgs', {
      kind: 'district',
      name: '扩容演练区',
    });
    const school = await call<{ id: string }>(identityA.baseUrl, 'POST', '/orgs', {
      kind: 'school',
      name: '扩容演练学校',
      parentId: district.body.id,
      schoolCode: SCHOOL,
      stage: 'primary',
    });
    if (school.status !== 201) throw new Error(`POST /orgs: ${school.status} ${JSON.stringify(school.body)}`);
    await waitFor('network access to know the school', 60_000, async () => {
      const answer = await call(networkA.baseUrl, 'POST', '/nas', {
        schoolCode: SCHOOL,
        name: '核心交换机',
        ip: '127.0.0.1',
        sharedSecret: NAS_SECRET,
        vendor: 'huawei',
      });
      return answer.status === 201;
    });
    const imported = await call(networkA.baseUrl, 'POST', '/terminals/import', {
      terminals: TERMINALS.map((macAddress) => ({ macAddress, schoolCode: SCHOOL, type: 'printer' })),
    });
    if (imported.status !== 201) throw new Error(`terminals: ${imported.status}`);
    // The NAS was registered through instance A; B learns it from the database (registry refresh).
    await sleep(31_000);
    (globalThis as { schoolOrgId?: string }).schoolOrgId = school.body.id;
  }, 15 * 60_000);

  afterAll(async () => {
    for (const client of live) client.close();
    await platform?.stop();
    if (platform) {
      for (const database of Object.values(platform.databases))
        await db.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await cleanUpKafka({ topicPrefix: platform.topicPrefix }).catch(() => undefined);
    }
    await db?.end();
  });

  it('loses nothing acknowledged, counts every event once and pushes live from either cockpit instance', async () => {
    const { instances, databases } = platform;
    const schoolOrgId = (globalThis as { schoolOrgId?: string }).schoolOrgId!;
    const [networkA, networkB] = instances['network-access'];
    const token = async () => (await admin.get()) ?? '';
    for (const cockpit of instances.cockpit) live.push(await LiveClient.connect(cockpit.baseUrl, token));

    const radius = new RadiusLoad(platform.radius, NAS_SECRET, TERMINALS, runId);
    const writes = instances.identity.map(
      (identity, index) => new IdentityLoad(identity.baseUrl, admin, schoolOrgId, `${runId}${index}`),
    );
    radius.start(3);
    for (const load of writes) load.start();
    await sleep(15_000);
    const beforeKill = {
      a: await radiusReceived(networkA.baseUrl),
      b: await radiusReceived(networkB.baseUrl),
    };
    await networkA.crash();
    const killedAt = Date.now();
    await waitFor('network-access A back', 180_000, () => networkA.isReady(), { intervalMs: 500 });
    const recoverySeconds = Math.round((Date.now() - killedAt) / 1000);
    await sleep(15_000);
    const afterRestart = {
      a: await radiusReceived(networkA.baseUrl),
      b: await radiusReceived(networkB.baseUrl),
    };
    await Promise.all([radius.stop(), ...writes.map((load) => load.stop())]);

    const sources = async () => ({
      activeStudents: await count(databases.identity, "person WHERE kind = 'student' AND status = 'active'"),
      people: await count(databases.identity, 'person'),
      peopleInNetworkAccess: await count(databases['network-access'], 'person'),
      sessions: await count(databases['network-access'], 'session'),
      stoppedSessions: await count(databases['network-access'], 'session WHERE stopped_at IS NOT NULL'),
      openSessions: await count(databases['network-access'], 'session WHERE stopped_at IS NULL'),
      terminals: await count(databases['network-access'], 'terminal'),
      unsentOutbox: {
        identity: await count(databases.identity, 'outbox_event'),
        networkAccess: await count(databases['network-access'], 'outbox_event'),
      },
    });
    const cockpitView = async (baseUrl: string) => {
      const overview = (await call<Overview>(baseUrl, 'GET', '/api/indicators/overview')).body;
      const [stopped] = await db.query(
        `SELECT COALESCE(SUM(value), 0) AS n FROM \`${databases.cockpit}\`.indicator_bucket
          WHERE grain = 'day' AND scope = 'district' AND metric = 'session.stopped'`,
      );
      return {
        activeStudents: overview.people.activeStudents,
        sessions: overview.today.sessions,
        openSessions: overview.online.sessions,
        terminals: overview.devices.terminals,
        stoppedEventsCounted: Number((stopped as Array<{ n: string }>)[0]!.n),
      };
    };
    let last: unknown = null;
    await waitFor(
      'the cockpit (both instances), network access and the live streams to equal the sources',
      180_000,
      async () => {
        const truth = await sources();
        const cockpits = await Promise.all(instances.cockpit.map((cockpit) => cockpitView(cockpit.baseUrl)));
        const streams = live.map((client) => client.latest?.people.activeStudents ?? -1);
        last = { truth, cockpits, streams };
        return (
          truth.unsentOutbox.identity === 0 &&
          truth.unsentOutbox.networkAccess === 0 &&
          truth.peopleInNetworkAccess === truth.people &&
          cockpits.every(
            (view) =>
              view.activeStudents === truth.activeStudents &&
              view.sessions === truth.sessions &&
              view.openSessions === truth.openSessions &&
              view.terminals === truth.terminals &&
              view.stoppedEventsCounted === truth.stoppedSessions,
          ) &&
          streams.every((students) => students === truth.activeStudents)
        );
      },
      { intervalMs: 2_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}\n${platform.diagnostics()}`);
    });

    const [sessionRows] = await db.query(
      `SELECT acct_session_id AS id, stopped_at AS stoppedAt FROM \`${databases['network-access']}\`.session WHERE acct_session_id LIKE ?`,
      [`${runId}-%`],
    );
    const stored = new Map(
      (sessionRows as Array<{ id: string; stoppedAt: Date | null }>).map((row) => [row.id, row]),
    );
    const lostRecords = radius.acknowledged.filter((record) => {
      const session = stored.get(record.sessionId);
      return !session || (record.status === 'Stop' && session.stoppedAt === null);
    });
    const created = writes.flatMap((load) => load.created);
    const createdStored =
      created.length === 0 ? 0 : await count(databases.identity, 'person WHERE id IN (?)', [created]);
    // The live push across instances, decisively: one student at a time until each cockpit instance's
    // partitions have had one; every time, BOTH streams must show the new count. A student projected by
    // the member that is not a stream's own instance reached that stream only through the other instance.
    const assignment = await groupAssignment(
      `${platform.topicPrefix}cockpit-projections`,
      'identity.person.created.v1',
      platform.topicPrefix,
    );
    const settledStudents = (last as unknown as { truth: { activeStudents: number } }).truth.activeStudents;
    const liveProofs: Array<{ partition: number; projectedByMember: number; bothStreamsAfterMs: number }> =
      [];
    for (
      let index = 0;
      index < 12 && new Set(liveProofs.map((proof) => proof.projectedByMember)).size < 2;
      index += 1
    ) {
      const created = await call<{ id: string }>(instances.identity[index % 2]!.baseUrl, 'POST', '/people', {
        kind: 'student',
        name: `扩容学生${'一二三四五六七八九十'[index % 10]}`,
        orgId: schoolOrgId,
        studentNo: `L${runId}${index}`,
        birthDate: '2015-09-01',
      });
      if (created.status !== 201)
        throw new Error(`POST /people: ${created.status} ${JSON.stringify(created.body)}`);
      const partition = partitionOfKey(`person:${created.body.id}`, assignment.partitions);
      const sent = Date.now();
      await waitFor(
        `both live streams to show student ${index + 1}`,
        60_000,
        async () =>
          live.every((client) => client.latest?.people.activeStudents === settledStudents + index + 1),
        { intervalMs: 50 },
      ).catch((error: Error) => {
        const streams = live.map((client) => client.latest?.people.activeStudents);
        throw new Error(
          `${error.message}: expected ${settledStudents + index + 1}, streams ${JSON.stringify(streams)}, ` +
            `partition ${partition} of ${JSON.stringify(assignment)}\n${platform.diagnostics()}`,
        );
      });
      liveProofs.push({
        partition,
        projectedByMember: assignment.members.findIndex((partitions) => partitions.includes(partition)),
        bothStreamsAfterMs: Date.now() - sent,
      });
    }

    const report = {
      radiusReceivedPerInstance: { beforeKill, afterRestart },
      networkAccessRecoverySeconds: recoverySeconds,
      restarts: Object.fromEntries(
        Object.entries(instances).map(([name, pair]) => [name, pair.map((instance) => instance.restarts)]),
      ),
      radius: radius.counts,
      accountingAcknowledgedButLost: lostRecords.length,
      identityWrites: { created: created.length, acknowledgedAndStored: createdStored },
      exitsNotCausedByTheSuite: Object.fromEntries(
        Object.entries(instances).map(([name, pair]) => [
          name,
          pair.map((instance) => instance.unexpectedExits),
        ]),
      ),
      cockpitPartitionsPerMember: assignment.members,
      liveProofs,
      liveUpdatesReceived: live.map((client) => client.updates),
      settled: last,
    };
    process.stdout.write(`scale-out counts:\n${JSON.stringify(report, null, 2)}\n`);

    // Both network-access instances answered RADIUS before the kill: the load was split by source.
    expect(beforeKill.a.acct + beforeKill.a.auth).toBeGreaterThan(0);
    expect(beforeKill.b.acct + beforeKill.b.auth).toBeGreaterThan(0);
    expect(radius.counts.accountingAcknowledged).toBeGreaterThan(0);
    expect(lostRecords).toEqual([]);
    expect(createdStored).toBe(created.length);
    // Both cockpit instances project some of the people partitions, so each live stream saw changes the
    // other instance committed.
    expect(assignment.members.length).toBe(2);
    expect(assignment.members.every((partitions) => partitions.length > 0)).toBe(true);
    expect(new Set(liveProofs.map((proof) => proof.projectedByMember))).toEqual(new Set([0, 1]));
  });
});
