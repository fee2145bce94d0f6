// RADIUS benchmark (`npm run bench:radius` = build + this script): EduBase network-access against FreeRADIUS 3.2
// (Debian `freeradius` and `freeradius-mysql`, installed here if missing; see freeradius.mjs), both driven in
// this run by the SAME radclient load:
//  - auth: PAP Access-Requests for the realm's demo people (the same users, password and reply attributes in
//    FreeRADIUS's `files` module); EduBase's verifier cache is warmed first, as the users file is "warm";
//  - accounting: Start, Interim-Update and Stop for distinct sessions, each answered once durable in MariaDB:
//    EduBase's session ledger against FreeRADIUS's rlm_sql (rlm_sql_mysql, stock schema and queries: radacct
//    INSERT on Start, UPDATE on Interim-Update and Stop) in its own database of the same MariaDB. Afterwards both
//    stores are checked to hold every session closed by its Stop;
//  - detail (informative, no target): FreeRADIUS appending the same packets to its `detail` file, no fsync. Not
//    durable, so not like-for-like: it shows what FreeRADIUS costs before any database.
// Prints throughput, server CPU time per request (utime+stime from /proc/<pid>/stat, all threads), for the
// accounting servers also the MariaDB server's CPU during that server's rounds (one mysqld serves both, and
// whatever else runs on the machine: read it beside the other server's), the radclients' own CPU per request
// (bash `times`) and ratios, with the ratio the CPU figures alone predict when the 2 cores are the limit.
// radclient polls with a zero timeout while replies are outstanding (strace: ~130 pselect6 calls per reply), so
// against a server whose answers wait for a commit it burns 2-3× the CPU per request it needs against one that
// answers at once, on the cores that server also needs.
// Targets: auth ≥ 1.0× FreeRADIUS with CPU per request no higher; accounting ≥ 1.0× FreeRADIUS + rlm_sql with
// CPU per request (server + MariaDB) no higher.
// Prints PASS/FAIL per target and exits 0 either way (figures, not a test). Sends only to 127.0.0.1.
// EduBase inherits this process's environment: `OTEL_SDK_DISABLED=true npm run bench:radius` measures it
// without OpenTelemetry (no request spans, no trace context in outbox rows).
// Options: --auth=<requests per client, default 20000> --acct=<sessions per client, default 3000>
//          --clients=<parallel radclient processes, default 4> --parallel=<outstanding per client, default 64>
//          --rounds=<measured rounds per server, default 3; the best is kept> --keep (leave temp dir and DBs)
//          --phases=auth,acct,detail (which to run) --prof=<dir> (V8 CPU profile of EduBase)
//          --client-nice=<0-19, default 0> (run the radclients at this niceness, for both servers: shows how
//          much of a result is the load generator competing for the cores rather than the server's cost)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  configureFreeRadius,
  createFreeRadiusDatabase,
  detailBytes,
  ensureFreeRadius,
  radacctLedger,
  SQL_POOL_SIZE,
  startFreeRadius,
} from './freeradius.mjs';
import { cpuSecondsOf, mariadbPid } from './process-cpu.mjs';
import {
  drive as driveRadclients,
  PASSWORD,
  PEOPLE,
  radclientOnce,
  seedNetworkAccess,
  sleep,
  waitUntil,
  writeAcctFiles as writeAcctFilesOf,
  writeAuthFiles as writeAuthFilesOf,
} from './radius-load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const mysql = require('mysql2/promise');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, value ?? 'true'];
  }),
);
const AUTH_PER_CLIENT = Number(args.auth) || 20_000;
const ACCT_SESSIONS_PER_CLIENT = Number(args.acct) || 3_000;
const CLIENTS = Number(args.clients) || 4;
const PARALLEL = Number(args.parallel) || 64;
const ROUNDS = Number(args.rounds) || 3;
const CLIENT_NICE = Number(args['client-nice'] ?? 0);
const KEEP = args.keep === 'true';
const PHASES = new Set((args.phases ?? 'auth,acct,detail').split(','));

const SECRET = 'bench-radius-secret';
const KEYCLOAK_URL = process.env.KEYCLOAK_URL || 'http://127.0.0.1:8080';
const run = randomBytes(4).toString('hex');
const DB = `bench_netaccess_radius_${run}`;
const FREERADIUS_DB = `bench_freeradius_sql_${run}`;
const EDUBASE = { auth: 18212, acct: 18213, http: 3192 };
const FREERADIUS = { auth: 18222, acctSql: 18223, acctDetail: 18224 };
const connection = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
};

const SESSION_TIMEOUT = 28_800;

/** CPU seconds a measured process has used so far; it must still be running. */
function cpuOf(pid) {
  const used = cpuSecondsOf(pid);
  if (used === null) throw new Error(`cannot read the CPU time of pid ${pid}: has it exited?`);
  return used;
}

let edubaseChild;

const drive = (port, kind, files) =>
  driveRadclients(port, kind, files, { secret: SECRET, parallel: PARALLEL, clientNice: CLIENT_NICE });

const writeAuthFiles = (dir) => writeAuthFilesOf(dir, { clients: CLIENTS, perClient: AUTH_PER_CLIENT });

const writeAcctFiles = (dir, tag) =>
  writeAcctFilesOf(dir, tag, { clients: CLIENTS, sessionsPerClient: ACCT_SESSIONS_PER_CLIENT });

const seedEduBase = (db) =>
  seedNetworkAccess(db, {
    httpUrl: `http://127.0.0.1:${EDUBASE.http}`,
    keycloakUrl: KEYCLOAK_URL,
    secret: SECRET,
  });

async function startEduBase() {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(EDUBASE.http),
    DB_NAME: DB,
    RADIUS_HOST: '127.0.0.1',
    RADIUS_AUTH_PORT: String(EDUBASE.auth),
    RADIUS_ACCT_PORT: String(EDUBASE.acct),
    KAFKA_TOPIC_PREFIX: `bench-${run}.`,
    SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
    SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
    VERIFIER_CACHE_TTL_SECONDS: '3600',
    STALE_SWEEP_INTERVAL_SECONDS: '0',
    PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
    // Not measured here, and its port (5514) is taken whenever the platform or another bench runs.
    NAT_SYSLOG_ENABLED: 'false',
    // Nothing consumes identity events in the bench: the projection is written below, as the consumer would.
    CONSUME_IDENTITY_EVENTS: 'false',
  };
  const child = spawn(
    process.execPath,
    [
      ...(args.prof ? ['--cpu-prof', `--cpu-prof-dir=${args.prof}`] : []),
      '-r',
      './dist/libs/platform/telemetry/src/preload.js',
      'dist/apps/network-access/src/main.js',
    ],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  edubaseChild = child;
  let errors = '';
  child.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`network-access exited ${code}:\n${errors}`);
  });
  await waitUntil(
    'network-access /health',
    async () => (await fetch(`http://127.0.0.1:${EDUBASE.http}/health/ready`)).ok,
    120_000,
  );
  return child;
}

async function measure(label, pid, port, kind, files, expected, databasePid = null) {
  const before = cpuOf(pid);
  const databaseBefore = databasePid ? cpuOf(databasePid) : null;
  const result = await drive(port, kind, files);
  const after = cpuOf(pid);
  const databaseAfter = databasePid ? cpuOf(databasePid) : null;
  const rate = (expected * 1000) / result.ms;
  const perRequest = (seconds) => (seconds * 1e6) / expected;
  const userUs = perRequest(after.user - before.user);
  const systemUs = perRequest(after.system - before.system);
  const cpuUsPerRequest = userUs + systemUs;
  const clientUs = (result.clientSeconds * 1e6) / expected;
  console.log(
    `  ${label.padEnd(28)} ${String(Math.round(rate)).padStart(7)} req/s  ${cpuUsPerRequest.toFixed(1).padStart(7)} µs CPU/req ` +
      `(user ${userUs.toFixed(1)} + sys ${systemUs.toFixed(1)})  ` +
      `(${expected} requests, ${(result.ms / 1000).toFixed(2)} s, answered ${result.accepted + result.rejected} (${result.rejected} rejects), lost ${result.lost})`,
  );
  const databaseUs = databaseBefore
    ? perRequest(databaseAfter.user + databaseAfter.system - databaseBefore.user - databaseBefore.system)
    : null;
  console.log(
    `  ${''.padEnd(28)} ${databaseUs !== null ? `MariaDB ${databaseUs.toFixed(1)} µs CPU/req, ` : ''}radclients ${clientUs.toFixed(1)} µs CPU/req`,
  );
  return { rate, cpuUsPerRequest, databaseUs, clientUs, ...result };
}

const best = (runs) => runs.reduce((a, b) => (b.rate > a.rate ? b : a));
const totalCpu = (run) => run.cpuUsPerRequest + (run.databaseUs ?? 0);
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

/**
 * When the machine's cores are the limit, each server's throughput is about cores ÷ (radclients + server
 * [+ its database work]) CPU per request, so the ratio to expect from CPU alone is (radclients + FreeRADIUS
 * [+ MariaDB]) ÷ (radclients + EduBase [+ MariaDB]), with the radclients' cost averaged over both best rounds.
 */
function cpuBoundLine(phase, fr, eb) {
  const clients = (fr.clientUs + eb.clientUs) / 2;
  const expected = (clients + totalCpu(fr)) / (clients + totalCpu(eb));
  const db = eb.databaseUs !== null ? ' + MariaDB' : '';
  return `  ${`${phase} CPU-bound ratio`.padEnd(19)} radclients ${clients.toFixed(1)} µs/req: (clients + FreeRADIUS${db}) ÷ (clients + EduBase${db}) = ${expected.toFixed(2)}×`;
}

async function authPhase({ freeradius, edubase, authFiles, summary, allRuns }) {
  console.log('\nauthentication (PAP, Access-Accept with VLAN + Session-Timeout)');
  const expectedAuth = CLIENTS * AUTH_PER_CLIENT;
  const runs = { freeradius: [], edubase: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const label = (server) => `${server} round ${round + 1}`;
    runs.freeradius.push(
      await measure(label('FreeRADIUS'), freeradius.pid, FREERADIUS.auth, 'auth', authFiles, expectedAuth),
    );
    runs.edubase.push(
      await measure(label('EduBase'), edubase.pid, EDUBASE.auth, 'auth', authFiles, expectedAuth),
    );
  }
  allRuns.push(...runs.freeradius, ...runs.edubase);
  const fr = best(runs.freeradius);
  const eb = best(runs.edubase);
  const rateRatio = eb.rate / fr.rate;
  const cpuRatio = eb.cpuUsPerRequest / fr.cpuUsPerRequest;
  summary.push(
    `  auth throughput     EduBase ${Math.round(eb.rate)} req/s vs FreeRADIUS ${Math.round(fr.rate)} req/s → ${rateRatio.toFixed(2)}× (target ≥ 1.00) ${verdict(rateRatio >= 1)}`,
    `  auth CPU/request    EduBase ${eb.cpuUsPerRequest.toFixed(1)} µs vs FreeRADIUS ${fr.cpuUsPerRequest.toFixed(1)} µs → ${cpuRatio.toFixed(2)}× (target ≤ 1.00) ${verdict(cpuRatio <= 1)}`,
    cpuBoundLine('auth', fr, eb),
  );
}

/**
 * Accounting, the servers alternating within each round: FreeRADIUS + rlm_sql, EduBase, then (informative)
 * FreeRADIUS's detail file. MariaDB's CPU is read around every server's rounds, the detail file's too: there
 * it is the machine's other MariaDB work, a gauge of how much of the other two figures is not theirs.
 */
async function accountingPhase({ dir, db, admin, freeradius, edubase, summary, allRuns }) {
  const expectedAcct = CLIENTS * ACCT_SESSIONS_PER_CLIENT * 3;
  const expectedSessions = CLIENTS * ACCT_SESSIONS_PER_CLIENT * ROUNDS;
  const servers = [
    ['sql', 'FreeRADIUS rlm_sql', freeradius.pid, FREERADIUS.acctSql, 'fs', PHASES.has('acct')],
    ['edubase', 'EduBase', edubase.pid, EDUBASE.acct, 'eb', PHASES.has('acct')],
    ['detail', 'FreeRADIUS detail file', freeradius.pid, FREERADIUS.acctDetail, 'fd', PHASES.has('detail')],
  ].filter((server) => server[5]);
  console.log(
    `\naccounting (Start + Interim-Update + Stop)${PHASES.has('acct') ? `; EduBase and FreeRADIUS + rlm_sql (pool of ${SQL_POOL_SIZE}) answer once committed in MariaDB` : ''}${PHASES.has('detail') ? '; the detail file is not durable: no target' : ''}`,
  );
  const runs = Object.fromEntries(servers.map(([key]) => [key, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [key, label, pid, port, tag] of servers) {
      const files = writeAcctFiles(dir, `${tag}${round}`);
      runs[key].push(
        await measure(`${label} round ${round + 1}`, pid, port, 'acct', files, expectedAcct, mariadbPid()),
      );
    }
  }
  allRuns.push(...Object.values(runs).flat());

  let eb = null;
  if (PHASES.has('acct')) {
    const [[ledger]] = await db.query(
      "SELECT COUNT(*) AS sessions, SUM(stopped_at IS NOT NULL AND output_octets > 0) AS stopped FROM session WHERE acct_session_id LIKE 'eb%'",
    );
    const radacct = await radacctLedger(admin, FREERADIUS_DB, 'fs');
    const complete = (sessions, stopped) =>
      Number(sessions) === expectedSessions && Number(stopped) === expectedSessions;
    const stored =
      complete(ledger.sessions, ledger.stopped) &&
      complete(radacct.sessions, radacct.stopped) &&
      radacct.distinctSessions === radacct.sessions;
    console.log(
      `  stored, expected ${expectedSessions} sessions each closed by its Stop: EduBase ledger ${ledger.sessions} (${ledger.stopped} closed with Stop counters); ` +
        `FreeRADIUS radacct ${radacct.sessions} rows for ${radacct.distinctSessions} sessions (${radacct.stopped} closed with Stop counters) → ${stored ? 'complete' : 'INCOMPLETE'}`,
    );
    const fr = best(runs.sql);
    eb = best(runs.edubase);
    const rateRatio = eb.rate / fr.rate;
    const cpuRatio = totalCpu(eb) / totalCpu(fr);
    const cpu = (run) =>
      `${run.cpuUsPerRequest.toFixed(1)} µs + MariaDB ${run.databaseUs.toFixed(1)} µs = ${totalCpu(run).toFixed(1)} µs`;
    summary.push(
      `  acct throughput     EduBase ${Math.round(eb.rate)} req/s vs FreeRADIUS + rlm_sql ${Math.round(fr.rate)} req/s → ${rateRatio.toFixed(2)}× (target ≥ 1.00) ${verdict(rateRatio >= 1)}`,
      `  acct CPU/request    EduBase ${cpu(eb)} vs FreeRADIUS + rlm_sql ${cpu(fr)} → ${cpuRatio.toFixed(2)}× (target ≤ 1.00) ${verdict(cpuRatio <= 1)}`,
      cpuBoundLine('acct', fr, eb),
      `  acct stored         ${stored ? 'every session in both stores, closed by its Stop' : 'INCOMPLETE: see the stored line above'}`,
    );
  }
  if (PHASES.has('detail')) {
    const detail = best(runs.detail);
    summary.push(
      `  detail file (not durable, not like-for-like, no target): FreeRADIUS ${Math.round(detail.rate)} req/s, ${detail.cpuUsPerRequest.toFixed(1)} µs CPU/req ` +
        `(MariaDB meanwhile ${detail.databaseUs.toFixed(1)} µs/req: other work on the machine)${eb ? `; EduBase at ${(eb.rate / detail.rate).toFixed(2)}× its rate` : ''}; ${(detailBytes(dir) / 1e6).toFixed(1)} MB written`,
    );
  }
}

async function main() {
  ensureFreeRadius();
  const dir = mkdtempSync(path.join(tmpdir(), 'edubase-bench-radius-'));
  const admin = await mysql.createConnection(connection);
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await createFreeRadiusDatabase(connection, FREERADIUS_DB);
  const raddb = configureFreeRadius(dir, {
    ports: FREERADIUS,
    secret: SECRET,
    database: { ...connection, database: FREERADIUS_DB },
    users: PEOPLE.map((person) => ({
      name: person.staffNo,
      password: PASSWORD,
      vlan: person.vlan,
      sessionTimeout: SESSION_TIMEOUT,
    })),
  });
  let edubase;
  let freeradius;
  try {
    console.log(`FreeRADIUS ${execFileSync('freeradius', ['-v']).toString().split('\n')[0].trim()}`);
    console.log(
      `load: ${CLIENTS} radclient processes × -p ${PARALLEL}; auth ${CLIENTS * AUTH_PER_CLIENT} PAP requests, accounting ${CLIENTS * ACCT_SESSIONS_PER_CLIENT * 3} packets per round; best of ${ROUNDS}` +
        `; EduBase OpenTelemetry ${process.env.OTEL_SDK_DISABLED === 'true' ? 'disabled (OTEL_SDK_DISABLED=true)' : 'on'}`,
    );
    freeradius = await startFreeRadius(raddb, {
      port: FREERADIUS.auth,
      secret: SECRET,
      probe: [`User-Name = "leader1"`, `User-Password = "${PASSWORD}"`],
    });
    edubase = await startEduBase();
    const db = await mysql.createConnection({ ...connection, database: DB });
    await seedEduBase(db);

    // Warm EduBase's verifier cache: one Keycloak check per person (FreeRADIUS reads its users file).
    for (const person of PEOPLE) {
      const answer = radclientOnce(EDUBASE.auth, 'auth', SECRET, [
        `User-Name = "${person.staffNo}"`,
        `User-Password = "${PASSWORD}"`,
      ]);
      if (answer !== 'Access-Accept') throw new Error(`EduBase did not accept ${person.staffNo}: ${answer}`);
    }

    const summary = [];
    const allRuns = [];
    if (PHASES.has('auth'))
      await authPhase({ freeradius, edubase, authFiles: writeAuthFiles(dir), summary, allRuns });
    if (PHASES.has('acct') || PHASES.has('detail'))
      await accountingPhase({ dir, db, admin, freeradius, edubase, summary, allRuns });
    await db.end();

    console.log('\nsummary (best round each)');
    for (const line of summary) console.log(line);
    const lost = allRuns.reduce((n, r) => n + r.lost, 0);
    if (lost > 0) console.log(`  note: ${lost} requests lost in total (retried by radclient up to 3 times)`);
  } finally {
    (edubase ?? edubaseChild)?.kill('SIGTERM');
    freeradius?.kill('SIGTERM');
    await sleep(1500);
    if (!KEEP) {
      await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
      await admin.query(`DROP DATABASE IF EXISTS \`${FREERADIUS_DB}\``);
      rmSync(dir, { recursive: true, force: true });
    } else console.log(`kept ${dir} and databases ${DB}, ${FREERADIUS_DB}`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
