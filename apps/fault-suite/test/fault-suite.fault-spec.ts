// The fault suite (`npm run test:faults`): under steady RADIUS, identity and roster-import load, kill -9 in
// turn Kafka, Keycloak, each service and MariaDB — the suite's own private instances, never the shared ones
// — and check that nothing acknowledged was lost, nothing counted twice, no import half-written, and that
// every service is healthy again without a manual restart. Needs `npm run build` (the script runs it).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { Overview } from '@edubase/cockpit-api';
import { DEMO_PASSWORD, uniqueRunId, waitFor } from '@edubase/testing';
import { IdentityLoad, RadiusLoad, RealmToken, studentRoster } from './load';
import { DATABASES, PlatformUnderTest, SERVICE_NAMES, startPlatform } from './platform-under-test';
import { PrivateInfra } from './private-infra';

jest.setTimeout(30 * 60_000);

const SCHOOL = '3101200001';
const NAS_SECRET = 'fault-suite-nas-secret';
const TERMINALS = ['02-fa-00-00-00-01', '02-fa-00-00-00-02', '02-fa-00-00-00-03', '02-fa-00-00-00-04'];
/** How long each killed piece of infrastructure stays down, under load, before it is started again. */
const OUTAGE_MS = 5_000;
/** Load kept running between faults, so each fault meets a platform in steady state. */
const STEADY_MS = 5_000;
const ROSTER_ROWS = 600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RosterAttempt {
  fault: string;
  prefix: string;
  jobId: string | null;
  answer: string;
}

describe('fault suite: kill -9 under load', () => {
  const runId = uniqueRunId()
    .replace(/[^a-z0-9]/gi, '')
    .slice(-8);
  let home: string;
  let infra: PrivateInfra;
  let platform: PlatformUnderTest;
  let db: mysql.Pool;
  let admin: RealmToken;
  let schoolOrgId: string;

  async function call<T>(
    baseUrl: string,
    method: string,
    url: string,
    body: unknown,
  ): Promise<{ status: number; body: T }> {
    const token = await admin.get();
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function expectStatus<T>(
    baseUrl: string,
    method: string,
    url: string,
    body: unknown,
    expected: number,
  ): Promise<T> {
    const answer = await call<T>(baseUrl, method, url, body);
    if (answer.status !== expected)
      throw new Error(
        `${method} ${url}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body;
  }

  const count = async (database: string, sql: string, params: unknown[] = []): Promise<number> => {
    const [rows] = await db.query(`SELECT COUNT(*) AS n FROM \`${database}\`.${sql}`, params);
    return Number((rows as Array<{ n: number | string }>)[0]!.n);
  };

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'edubase-faults-'));
    infra = await PrivateInfra.prepare(home);
    const started = Date.now();
    await infra.up(['mariadb', 'kafka', 'keycloak']);
    process.stdout.write(
      `private MariaDB, Kafka and Keycloak up in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    db = mysql.createPool({
      host: '127.0.0.1',
      port: infra.ports.db,
      user: 'root',
      password: '',
      connectionLimit: 2,
    });
    platform = await startPlatform(infra);
    await waitFor('every service ready', 180_000, () => platform.allReady(), { intervalMs: 1_000 });
    admin = new RealmToken(infra.keycloakUrl, 'district.admin', DEMO_PASSWORD);

    const { identity, 'network-access': networkAccess } = platform.services;
    const district = await expectStatus<{ id: string }>(
      identity.baseUrl,
      'POST',
      '/orgs',
      { kind: 'district', name: '奉贤区教育局' },
      201,
    );
    schoolOrgId = (
      await expectStatus<{ id: string }>(
        identity.baseUrl,
        'POST',
        '/orgs',
        { kind: 'school', name: '故障演练学校', parentId: district.id, schoolCode: SCHOOL, stage: 'primary' },
        201,
      )
    ).id;
    // The school reaches network access by event: its NAS is accepted once the projection has it.
    await waitFor(
      'network access to know the school',
      60_000,
      async () => {
        const answer = await call(networkAccess.baseUrl, 'POST', '/nas', {
          schoolCode: SCHOOL,
          name: '核心交换机',
          ip: '127.0.0.1',
          sharedSecret: NAS_SECRET,
          vendor: 'huawei',
        });
        if (answer.status !== 201 && answer.status !== 400)
          throw new Error(`POST /nas: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.status === 201;
      },
      { intervalMs: 500 },
    );
    await expectStatus(
      networkAccess.baseUrl,
      'POST',
      '/terminals/import',
      {
        terminals: TERMINALS.map((macAddress) => ({ macAddress, schoolCode: SCHOOL, type: 'printer' })),
      },
      201,
    );
  }, 15 * 60_000);

  afterAll(async () => {
    await platform?.stop();
    await db?.end();
    await infra?.saveKeycloakDatabase().catch(() => undefined);
    infra?.stopAll();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('loses no acknowledged record, counts no event twice, leaves no half-written import and heals itself', async () => {
    const { services } = platform;
    const radius = new RadiusLoad(platform.radius, NAS_SECRET, TERMINALS, runId);
    const writes = new IdentityLoad(services.identity.baseUrl, admin, schoolOrgId, runId);
    const rosters: RosterAttempt[] = [];
    const startRoster = async (fault: string) => {
      const prefix = `R${runId}${rosters.length}`;
      const token = await admin.get();
      const response = await fetch(`${services.identity.baseUrl}/roster-imports?schoolCode=${SCHOOL}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'text/csv' },
        body: studentRoster(prefix, ROSTER_ROWS),
        signal: AbortSignal.timeout(60_000),
      }).catch(() => null);
      const text = (await response?.text()) ?? 'no answer';
      const job = response?.status === 202 ? (JSON.parse(text) as { id: string }).id : null;
      rosters.push({
        fault,
        prefix,
        jobId: job,
        answer: job ? '202' : `${response?.status ?? 0} ${text.slice(0, 300)}`,
      });
    };
    const recoveries: Array<{ fault: string; seconds: number }> = [];
    const faults: Array<{ name: string; inject: () => Promise<void> }> = [
      {
        name: 'Kafka',
        inject: async () => {
          infra.kill('kafka');
          await sleep(OUTAGE_MS);
          await infra.up(['kafka']);
        },
      },
      {
        name: 'Keycloak',
        inject: async () => {
          infra.kill('keycloak');
          await sleep(OUTAGE_MS);
          await infra.up(['keycloak']);
        },
      },
      ...SERVICE_NAMES.map((name) => ({
        name,
        inject: async () => {
          if (name === 'identity') await startRoster(name);
          await services[name].crash();
        },
      })),
      {
        name: 'MariaDB',
        inject: async () => {
          await startRoster('MariaDB');
          infra.kill('mariadb');
          await sleep(OUTAGE_MS);
          await infra.up(['mariadb']);
        },
      },
    ];

    radius.start();
    writes.start();
    await startRoster('none (steady state)');
    await sleep(STEADY_MS);
    for (const fault of faults) {
      writes.phase = `killing ${fault.name}`;
      const started = Date.now();
      await fault.inject();
      await waitFor(
        `every service ready again after killing ${fault.name}`,
        240_000,
        () => platform.allReady(),
        {
          intervalMs: 500,
        },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${platform.diagnostics()}`);
      });
      // Ready is not enough: events must flow again (a consumer that gave up would leave the service
      // answering health checks while its projection stands still).
      const identityPeople = await count(DATABASES.identity, 'person');
      await waitFor(
        `events to flow again after killing ${fault.name}`,
        120_000,
        async () => {
          const projected = await count(DATABASES['network-access'], 'person');
          const cockpit = await call<Overview>(
            services.cockpit.baseUrl,
            'GET',
            '/api/indicators/overview',
            undefined,
          );
          return (
            projected >= identityPeople && (cockpit.body?.people?.activeStudents ?? -1) >= identityPeople
          );
        },
        { intervalMs: 1_000 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${platform.diagnostics()}`);
      });
      recoveries.push({ fault: fault.name, seconds: Math.round((Date.now() - started) / 1000) });
      process.stdout.write(
        `killed ${fault.name}: every service ready and events flowing again after ${recoveries.at(-1)!.seconds} s\n`,
      );
      writes.phase = 'steady state';
      await sleep(STEADY_MS);
    }
    await Promise.all([radius.stop(), writes.stop()]);

    // Settled: every outbox drained and every event projected, so the cockpit equals the sources.
    const sources = async () => ({
      activeStudents: await count(DATABASES.identity, "person WHERE kind = 'student' AND status = 'active'"),
      peopleInNetworkAccess: await count(DATABASES['network-access'], 'person'),
      sessions: await count(DATABASES['network-access'], 'session'),
      openSessions: await count(DATABASES['network-access'], 'session WHERE stopped_at IS NULL'),
      terminals: await count(DATABASES['network-access'], 'terminal'),
    });
    const cockpitView = async () => {
      const overview = (
        await call<Overview>(services.cockpit.baseUrl, 'GET', '/api/indicators/overview', undefined)
      ).body;
      return {
        activeStudents: overview.people.activeStudents,
        sessions: overview.today.sessions,
        openSessions: overview.online.sessions,
        terminals: overview.devices.terminals,
      };
    };
    let last: {
      truth: Awaited<ReturnType<typeof sources>>;
      cockpit: Awaited<ReturnType<typeof cockpitView>>;
    } | null = null;
    await waitFor(
      'the cockpit and network access to catch up with the sources',
      180_000,
      async () => {
        const truth = await sources();
        const cockpit = await cockpitView();
        last = { truth, cockpit };
        const pending = await count(DATABASES.identity, "roster_import_job WHERE status = 'writing'");
        return (
          pending === 0 &&
          cockpit.activeStudents === truth.activeStudents &&
          cockpit.sessions === truth.sessions &&
          cockpit.openSessions === truth.openSessions &&
          cockpit.terminals === truth.terminals &&
          truth.peopleInNetworkAccess === (await count(DATABASES.identity, 'person'))
        );
      },
      { intervalMs: 2_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}`);
    });

    // Every acknowledged accounting record is stored: a session for each, closed for each Stop.
    const [sessionRows] = await db.query(
      `SELECT acct_session_id AS id, stopped_at AS stoppedAt FROM \`${DATABASES['network-access']}\`.session WHERE acct_session_id LIKE ?`,
      [`${runId}-%`],
    );
    const stored = new Map(
      (sessionRows as Array<{ id: string; stoppedAt: Date | null }>).map((row) => [row.id, row]),
    );
    const lostRecords = radius.acknowledged.filter((record) => {
      const session = stored.get(record.sessionId);
      return !session || (record.status === 'Stop' && session.stoppedAt === null);
    });

    // Every acknowledged identity write exists.
    const createdStored =
      writes.created.length === 0
        ? 0
        : await count(DATABASES.identity, 'person WHERE id IN (?)', [writes.created]);

    // Each roster file is in whole or not at all, and its job says which.
    const rosterOutcomes = [];
    for (const roster of rosters) {
      const rows = await count(DATABASES.identity, 'person WHERE student_no LIKE ?', [`${roster.prefix}%`]);
      const [jobs] = roster.jobId
        ? await db.query(`SELECT status FROM \`${DATABASES.identity}\`.roster_import_job WHERE id = ?`, [
            roster.jobId,
          ])
        : [[]];
      const status = (jobs as Array<{ status: string }>)[0]?.status ?? 'not accepted';
      const whole = status === 'completed' || status === 'provisioning' ? ROSTER_ROWS : 0;
      rosterOutcomes.push({ ...roster, status, rows, consistent: rows === whole });
    }

    const report = {
      recoveries,
      restarts: Object.fromEntries(SERVICE_NAMES.map((name) => [name, services[name].restarts])),
      exitsNotCausedByTheSuite: Object.fromEntries(
        SERVICE_NAMES.map((name) => [name, services[name].unexpectedExits]),
      ),
      radius: radius.counts,
      accountingAcknowledgedButLost: lostRecords.length,
      identityWrites: {
        ...writes.counts,
        acknowledgedAndStored: createdStored,
        failuresByPhase: writes.failuresByPhase,
      },
      rosters: rosterOutcomes.map(({ fault, answer, status, rows, consistent }) => ({
        fault,
        answer,
        status,
        rows,
        consistent,
      })),
      settled: last,
    };
    process.stdout.write(`fault suite counts:\n${JSON.stringify(report, null, 2)}\n`);

    // The load did reach the platform: writes, accounting and the steady-state roster were accepted.
    expect(radius.counts.accountingAcknowledged).toBeGreaterThan(0);
    expect(writes.created.length).toBeGreaterThan(0);
    expect(rosterOutcomes[0]).toMatchObject({ status: 'completed', rows: ROSTER_ROWS });
    expect(lostRecords).toEqual([]);
    expect(createdStored).toBe(writes.created.length);
    expect(rosterOutcomes.filter((outcome) => !outcome.consistent)).toEqual([]);
    expect(await platform.allReady()).toBe(true);
  });
});
