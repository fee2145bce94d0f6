// RADIUS benchmark (`npm run bench:radius` = build + this script): EduBase network-access against FreeRADIUS 3.2
// (Debian `freeradius`, installed here if missing), both driven in this run by the SAME radclient load:
//  - auth: PAP Access-Requests for the realm's demo people (the same users, password and reply attributes in
//    FreeRADIUS's `files` module); EduBase's verifier cache is warmed first, as the users file is "warm";
//  - accounting: Start, Interim-Update and Stop for distinct sessions; EduBase answers only once the row is
//    committed in MariaDB, FreeRADIUS once its `detail` module wrote the detail file.
// Prints throughput, server CPU time per request (utime+stime from /proc/<pid>/stat, all threads; for EduBase's
// accounting also the MariaDB server's), the radclients' own CPU per request (bash `times`) and ratios, with the
// ratio the CPU figures alone predict when the 2 cores are the limit. radclient polls with a zero timeout while
// replies are outstanding (strace: ~130 pselect6 calls per reply), so against a server whose answers wait for a
// commit it burns 2-3× the CPU per request it needs against one that answers at once, on the cores that server
// also needs.
// Targets: auth ≥ 1.0× FreeRADIUS with CPU per request no higher; durable accounting ≥ 1.0× FreeRADIUS.
// Prints PASS/FAIL per target and exits 0 either way (figures, not a test). Sends only to 127.0.0.1.
// Options: --auth=<requests per client, default 20000> --acct=<sessions per client, default 3000>
//          --clients=<parallel radclient processes, default 4> --parallel=<outstanding per client, default 64>
//          --rounds=<measured rounds per server, default 3; the best is kept> --keep (leave temp dir and DB)
//          --phases=auth,acct (which to run) --prof=<dir> (V8 CPU profile of EduBase)
//          --client-nice=<0-19, default 0> (run the radclients at this niceness, for both servers: shows how
//          much of a result is the load generator competing for the cores rather than the server's cost)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf, mariadbPid } from './process-cpu.mjs';
import {
  drive as driveRadclients,
  PASSWORD,
  PEOPLE,
  radclientOnce as radclientWithSecret,
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
const PHASES = new Set((args.phases ?? 'auth,acct').split(','));

const SECRET = 'bench-radius-secret';
const KEYCLOAK_URL = process.env.KEYCLOAK_URL || 'http://127.0.0.1:8080';
const run = randomBytes(4).toString('hex');
const DB = `bench_netaccess_radius_${run}`;
const EDUBASE = { auth: 18212, acct: 18213, http: 3192 };
const FREERADIUS = { auth: 18222, acct: 18223 };
const connection = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
};

const SESSION_TIMEOUT = 28_800;

function ensureFreeRadius() {
  const installed = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'freeradius'], { encoding: 'utf8' });
  if (installed.stdout.includes('install ok installed') && spawnSync('which', ['radclient']).status === 0)
    return;
  console.log('installing Debian freeradius and freeradius-utils (apt-get) …');
  const apt = (argv) =>
    spawnSync('apt-get', argv, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (apt(['install', '-y', 'freeradius', 'freeradius-utils']).status !== 0) {
    apt(['update']);
    if (apt(['install', '-y', 'freeradius', 'freeradius-utils']).status !== 0) {
      throw new Error('apt-get install freeradius failed (the bench needs root)');
    }
  }
}

/** A private FreeRADIUS instance: its own raddb copy, one virtual server, files + pap + detail. */
function configureFreeRadius(dir) {
  const raddb = path.join(dir, 'raddb');
  cpSync('/etc/freeradius/3.0', raddb, { recursive: true, dereference: false, verbatimSymlinks: true });
  for (const name of ['logs', 'run', 'radacct'])
    rmSync(path.join(dir, name), { recursive: true, force: true });
  execFileSync('mkdir', ['-p', path.join(dir, 'logs'), path.join(dir, 'run'), path.join(dir, 'radacct')]);

  let radiusd = readFileSync(path.join(raddb, 'radiusd.conf'), 'utf8');
  radiusd = radiusd
    .replace(/^logdir = .*$/m, `logdir = ${dir}/logs`)
    .replace(/^run_dir = .*$/m, `run_dir = ${dir}/run`)
    .replace(/^radacctdir = .*$/m, `radacctdir = ${dir}/radacct`)
    .replace(/^\s*user = freerad$/m, '')
    .replace(/^\s*group = freerad$/m, '')
    // Same ceiling as EduBase's in-flight cap: enough threads that the pool is never the limit.
    .replace(/max_requests = \d+/, 'max_requests = 65536');
  writeFileSync(path.join(raddb, 'radiusd.conf'), radiusd);

  // Only the modules the bench uses: the stock eap module would want the inner-tunnel server.
  const modsEnabled = path.join(raddb, 'mods-enabled');
  for (const name of readdirSync(modsEnabled)) {
    if (!['pap', 'files', 'detail', 'always', 'expr'].includes(name)) rmSync(path.join(modsEnabled, name));
  }
  const sitesEnabled = path.join(raddb, 'sites-enabled');
  for (const name of readdirSync(sitesEnabled)) rmSync(path.join(sitesEnabled, name));
  writeFileSync(
    path.join(sitesEnabled, 'bench'),
    `server bench {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${FREERADIUS.auth}
  }
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${FREERADIUS.acct}
  }
  authorize {
    files
    pap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
  }
  preacct {
  }
  accounting {
    detail
  }
  post-auth {
  }
}
`,
  );
  writeFileSync(
    path.join(raddb, 'clients.conf'),
    `client bench {\n  ipaddr = 127.0.0.1\n  secret = ${SECRET}\n}\n`,
  );
  // The same users and reply attributes EduBase sends (VLAN by role, Session-Timeout).
  const users = PEOPLE.map(
    (person) =>
      `"${person.staffNo}" Cleartext-Password := "${PASSWORD}"\n` +
      `\tTunnel-Type := VLAN,\n\tTunnel-Medium-Type := IEEE-802,\n` +
      `\tTunnel-Private-Group-Id := "${person.vlan}",\n\tSession-Timeout := ${SESSION_TIMEOUT}\n`,
  ).join('\n');
  writeFileSync(path.join(raddb, 'mods-config', 'files', 'authorize'), users);
  return raddb;
}

/** CPU seconds a measured process has used so far; it must still be running. */
function cpuOf(pid) {
  const used = cpuSecondsOf(pid);
  if (used === null) throw new Error(`cannot read the CPU time of pid ${pid}: has it exited?`);
  return used;
}

const radclientOnce = (port, kind, lines) => radclientWithSecret(port, kind, SECRET, lines);

const drive = (port, kind, files) =>
  driveRadclients(port, kind, files, { secret: SECRET, parallel: PARALLEL, clientNice: CLIENT_NICE });

const writeAuthFiles = (dir) => writeAuthFilesOf(dir, { clients: CLIENTS, perClient: AUTH_PER_CLIENT });

const writeAcctFiles = (dir, tag) =>
  writeAcctFilesOf(dir, tag, { clients: CLIENTS, sessionsPerClient: ACCT_SESSIONS_PER_CLIENT });

let edubaseChild;
let freeradiusChild;

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

async function startFreeRadius(raddb) {
  const child = spawn('freeradius', ['-f', '-d', raddb, '-l', 'stdout'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  freeradiusChild = child;
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
  await waitUntil(
    'FreeRADIUS',
    async () => {
      if (child.exitCode !== null) throw new Error(`freeradius exited:\n${output}`);
      return (
        radclientOnce(FREERADIUS.auth, 'auth', [`User-Name = "leader1"`, `User-Password = "${PASSWORD}"`]) ===
        'Access-Accept'
      );
    },
    30_000,
  ).catch((error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  return child;
}

const seedEduBase = (db) =>
  seedNetworkAccess(db, {
    httpUrl: `http://127.0.0.1:${EDUBASE.http}`,
    keycloakUrl: KEYCLOAK_URL,
    secret: SECRET,
  });

function detailBytes(dir) {
  let total = 0;
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else total += stat.size;
    }
  };
  walk(path.join(dir, 'radacct'));
  return total;
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

/**
 * When the machine's cores are the limit, each server's throughput is about cores ÷ (radclients + server
 * [+ database]) CPU per request, so the ratio to expect from CPU alone is (radclients + FreeRADIUS) ÷
 * (radclients + EduBase + MariaDB), with the radclients' cost averaged over both best rounds.
 */
function cpuBoundLine(phase, fr, eb) {
  const clients = (fr.clientUs + eb.clientUs) / 2;
  const expected = (clients + fr.cpuUsPerRequest) / (clients + eb.cpuUsPerRequest + (eb.databaseUs ?? 0));
  return `  ${`${phase} CPU-bound ratio`.padEnd(19)} radclients ${clients.toFixed(1)} µs/req: (clients + FreeRADIUS) ÷ (clients + EduBase${eb.databaseUs !== null ? ' + MariaDB' : ''}) = ${expected.toFixed(2)}×`;
}

async function main() {
  ensureFreeRadius();
  const dir = mkdtempSync(path.join(tmpdir(), 'edubase-bench-radius-'));
  const raddb = configureFreeRadius(dir);
  const admin = await mysql.createConnection(connection);
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  let edubase;
  let freeradius;
  try {
    console.log(`FreeRADIUS ${execFileSync('freeradius', ['-v']).toString().split('\n')[0].trim()}`);
    console.log(
      `load: ${CLIENTS} radclient processes × -p ${PARALLEL}; auth ${CLIENTS * AUTH_PER_CLIENT} PAP requests, accounting ${CLIENTS * ACCT_SESSIONS_PER_CLIENT * 3} packets per round; best of ${ROUNDS}`,
    );
    freeradius = await startFreeRadius(raddb);
    edubase = await startEduBase();
    const db = await mysql.createConnection({ ...connection, database: DB });
    await seedEduBase(db);

    // Warm EduBase's verifier cache: one Keycloak check per person (FreeRADIUS reads its users file).
    for (const person of PEOPLE) {
      const answer = radclientOnce(EDUBASE.auth, 'auth', [
        `User-Name = "${person.staffNo}"`,
        `User-Password = "${PASSWORD}"`,
      ]);
      if (answer !== 'Access-Accept') throw new Error(`EduBase did not accept ${person.staffNo}: ${answer}`);
    }
    const authFiles = writeAuthFiles(dir);
    const expectedAuth = CLIENTS * AUTH_PER_CLIENT;

    const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
    const summary = [];
    const allRuns = [];

    if (PHASES.has('auth')) {
      console.log('\nauthentication (PAP, Access-Accept with VLAN + Session-Timeout)');
      const runs = { freeradius: [], edubase: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        runs.freeradius.push(
          await measure(
            `FreeRADIUS round ${round + 1}`,
            freeradius.pid,
            FREERADIUS.auth,
            'auth',
            authFiles,
            expectedAuth,
          ),
        );
        runs.edubase.push(
          await measure(
            `EduBase round ${round + 1}`,
            edubase.pid,
            EDUBASE.auth,
            'auth',
            authFiles,
            expectedAuth,
          ),
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

    if (PHASES.has('acct')) {
      console.log(
        '\naccounting (Start + Interim-Update + Stop; EduBase durable in MariaDB, FreeRADIUS detail file)',
      );
      const expectedAcct = CLIENTS * ACCT_SESSIONS_PER_CLIENT * 3;
      const runs = { freeradius: [], edubase: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        const frFiles = writeAcctFiles(dir, `fr${round}`);
        runs.freeradius.push(
          await measure(
            `FreeRADIUS round ${round + 1}`,
            freeradius.pid,
            FREERADIUS.acct,
            'acct',
            frFiles,
            expectedAcct,
          ),
        );
        const ebFiles = writeAcctFiles(dir, `eb${round}`);
        runs.edubase.push(
          await measure(
            `EduBase round ${round + 1}`,
            edubase.pid,
            EDUBASE.acct,
            'acct',
            ebFiles,
            expectedAcct,
            mariadbPid(),
          ),
        );
      }
      allRuns.push(...runs.freeradius, ...runs.edubase);
      const [[stored]] = await db.query(
        "SELECT COUNT(*) AS sessions, SUM(stopped_at IS NOT NULL AND output_octets > 0) AS stopped FROM session WHERE acct_session_id LIKE 'eb%'",
      );
      console.log(
        `  EduBase ledger: ${stored.sessions} sessions (${stored.stopped} closed with Stop counters), expected ${CLIENTS * ACCT_SESSIONS_PER_CLIENT * ROUNDS}; FreeRADIUS detail files ${(detailBytes(dir) / 1e6).toFixed(1)} MB`,
      );
      const fr = best(runs.freeradius);
      const eb = best(runs.edubase);
      const rateRatio = eb.rate / fr.rate;
      summary.push(
        `  acct throughput     EduBase ${Math.round(eb.rate)} req/s vs FreeRADIUS ${Math.round(fr.rate)} req/s → ${rateRatio.toFixed(2)}× (target ≥ 1.00) ${verdict(rateRatio >= 1)}`,
        `  acct CPU/request    EduBase ${eb.cpuUsPerRequest.toFixed(1)} µs${eb.databaseUs !== null ? ` + MariaDB ${eb.databaseUs.toFixed(1)} µs` : ''} vs FreeRADIUS ${fr.cpuUsPerRequest.toFixed(1)} µs`,
        cpuBoundLine('acct', fr, eb),
      );
    }
    await db.end();

    console.log('\nsummary (best round each)');
    for (const line of summary) console.log(line);
    const lost = allRuns.reduce((n, r) => n + r.lost, 0);
    if (lost > 0) console.log(`  note: ${lost} requests lost in total (retried by radclient up to 3 times)`);
  } finally {
    (edubase ?? edubaseChild)?.kill('SIGTERM');
    (freeradius ?? freeradiusChild)?.kill('SIGTERM');
    await sleep(1500);
    if (!KEEP) {
      await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
      rmSync(dir, { recursive: true, force: true });
    } else console.log(`kept ${dir} and database ${DB}`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
