// Scale-out benchmark (`npm run bench:scale-out` = build + this script): RADIUS auth and accounting
// throughput of ONE network-access instance against TWO on the same ports (SOCKET_REUSE_PORT: the kernel
// splits datagrams by source address and port, as a Service or LVS does by source), same radclient load,
// same database, in one run. Per round: one instance alone, then a second one started beside it, measured,
// and stopped again. Prints throughput, the ratio two ÷ one, CPU per request (both instances together,
// MariaDB for accounting, the radclients) and how the kernel split the load (each instance's received
// counter). On 2 shared cores a ratio near 1 is what to expect: both instances, MariaDB and the radclients
// compete for the same cores; the figure says whether a second instance costs anything, and on a machine
// with cores to spare how far it scales. Exits 0 either way (figures, not a test). Sends only to 127.0.0.1.
// Options: --auth=<requests per client, default 10000> --acct=<sessions per client, default 1500>
//          --clients=<radclient processes, default 8: more sources for the hash to spread>
//          --parallel=<outstanding per client, default 32> --rounds=<default 2; medians are compared>
//          --keep (leave the temp dir and database)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf, mariadbPid } from './process-cpu.mjs';
import {
  drive,
  PASSWORD,
  PEOPLE,
  radclientOnce,
  seedNetworkAccess,
  sleep,
  waitUntil,
  writeAcctFiles,
  writeAuthFiles,
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
const CLIENTS = Number(args.clients) || 8;
const AUTH_PER_CLIENT = Number(args.auth) || 10_000;
const ACCT_SESSIONS_PER_CLIENT = Number(args.acct) || 1_500;
const PARALLEL = Number(args.parallel) || 32;
const ROUNDS = Number(args.rounds) || 2;
const KEEP = args.keep === 'true';

const SECRET = 'bench-scale-out-secret';
const KEYCLOAK_URL = process.env.KEYCLOAK_URL || 'http://127.0.0.1:8080';
const run = randomBytes(4).toString('hex');
const DB = `bench_netaccess_scaleout_${run}`;
const RADIUS = { auth: 18232, acct: 18233 };
const HTTP = [3196, 3197];
const connection = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
};
const load = { secret: SECRET, parallel: PARALLEL };

/** One network-access instance on the shared RADIUS ports; resolves when ready. */
async function startInstance(index) {
  const child = spawn(
    process.execPath,
    ['-r', './dist/libs/platform/telemetry/src/preload.js', 'dist/apps/network-access/src/main.js'],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(HTTP[index]),
        DB_NAME: DB,
        RADIUS_HOST: '127.0.0.1',
        RADIUS_AUTH_PORT: String(RADIUS.auth),
        RADIUS_ACCT_PORT: String(RADIUS.acct),
        SOCKET_REUSE_PORT: 'true',
        NAT_SYSLOG_ENABLED: 'false',
        KAFKA_TOPIC_PREFIX: `bench-${run}.`,
        SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
        SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
        VERIFIER_CACHE_TTL_SECONDS: '3600',
        STALE_SWEEP_INTERVAL_SECONDS: '0',
        PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
        CONSUME_IDENTITY_EVENTS: 'false',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
  await waitUntil(
    `network-access ${index + 1} ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`network-access ${index + 1} exited:\n${errors}`);
      return (await fetch(`http://127.0.0.1:${HTTP[index]}/health/ready`)).ok;
    },
    120_000,
  ).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${errors}`);
  });
  return child;
}

async function stopInstance(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function receivedBy(index) {
  const text = await fetch(`http://127.0.0.1:${HTTP[index]}/metrics`).then((response) => response.text());
  const value = (port) =>
    Number(new RegExp(`netaccess_radius_received_total\\{port="${port}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return value('auth') + value('acct');
}

const cpuOf = (pid) => {
  const used = pid === null ? null : cpuSecondsOf(pid);
  return used ? used.user + used.system : 0;
};

/** Drives the load at the shared port; CPU per request of the instances (together), MariaDB and clients. */
async function measure(label, instances, kind, files, expected, withDatabase) {
  const database = withDatabase ? mariadbPid() : null;
  const before = instances.map((child) => cpuOf(child.pid));
  const receivedBefore = await Promise.all(instances.map((_, index) => receivedBy(index)));
  const databaseBefore = cpuOf(database);
  const result = await drive(kind === 'auth' ? RADIUS.auth : RADIUS.acct, kind, files, load);
  const serverUs =
    (instances.reduce((sum, child, index) => sum + cpuOf(child.pid) - before[index], 0) * 1e6) / expected;
  const databaseUs = withDatabase ? ((cpuOf(database) - databaseBefore) * 1e6) / expected : null;
  const received = (await Promise.all(instances.map((_, index) => receivedBy(index)))).map(
    (count, index) => count - receivedBefore[index],
  );
  const clientUs = (result.clientSeconds * 1e6) / expected;
  const rate = (expected * 1000) / result.ms;
  console.log(
    `  ${label.padEnd(26)} ${String(Math.round(rate)).padStart(6)} req/s  network-access ${serverUs.toFixed(1)} µs CPU/req` +
      `${databaseUs !== null ? `, MariaDB ${databaseUs.toFixed(1)}` : ''}, radclients ${clientUs.toFixed(1)}` +
      `  (answered ${result.accepted + result.rejected}/${expected}, lost ${result.lost}; split ${received.join(' / ')})`,
  );
  return { rate, serverUs, databaseUs, clientUs, lost: result.lost, received };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Every person's password checked once through each instance, so both answer auth from their caches. */
async function warm(instances) {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    for (const person of PEOPLE) {
      const answer = radclientOnce(RADIUS.auth, 'auth', SECRET, [
        `User-Name = "${person.staffNo}"`,
        `User-Password = "${PASSWORD}"`,
      ]);
      if (answer !== 'Access-Accept') throw new Error(`not accepted: ${person.staffNo}: ${answer}`);
    }
    // radclient picks a new source port per run: after enough of them every instance has had each person.
    const counts = await Promise.all(instances.map((_, index) => receivedBy(index)));
    if (counts.every((count) => count >= PEOPLE.length * 3)) return;
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'edubase-bench-scale-out-'));
  const admin = await mysql.createConnection(connection);
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  const instances = [];
  try {
    console.log(
      `load: ${CLIENTS} radclient processes × -p ${PARALLEL}; auth ${CLIENTS * AUTH_PER_CLIENT} PAP requests, ` +
        `accounting ${CLIENTS * ACCT_SESSIONS_PER_CLIENT * 3} packets per measurement; ${ROUNDS} rounds of one instance then two`,
    );
    instances.push(await startInstance(0));
    const db = await mysql.createConnection({ ...connection, database: DB });
    await seedNetworkAccess(db, {
      httpUrl: `http://127.0.0.1:${HTTP[0]}`,
      keycloakUrl: KEYCLOAK_URL,
      secret: SECRET,
    });
    const authFiles = writeAuthFiles(dir, { clients: CLIENTS, perClient: AUTH_PER_CLIENT });
    const expectedAuth = CLIENTS * AUTH_PER_CLIENT;
    const expectedAcct = CLIENTS * ACCT_SESSIONS_PER_CLIENT * 3;
    const results = { one: { auth: [], acct: [] }, two: { auth: [], acct: [] } };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const config of ['one', 'two']) {
        if (config === 'two') {
          instances.push(await startInstance(1));
          await sleep(2_000); // the second socket joins the reuseport group; let its NAS registry load
        }
        await warm(instances);
        console.log(`\nround ${round + 1}, ${config === 'one' ? 'one instance' : 'two instances'}`);
        results[config].auth.push(
          await measure(`auth (${config})`, instances, 'auth', authFiles, expectedAuth, false),
        );
        const acctFiles = writeAcctFiles(dir, `r${round}${config}`, {
          clients: CLIENTS,
          sessionsPerClient: ACCT_SESSIONS_PER_CLIENT,
        });
        results[config].acct.push(
          await measure(`accounting (${config})`, instances, 'acct', acctFiles, expectedAcct, true),
        );
        if (config === 'two') await stopInstance(instances.pop());
      }
    }
    const [[stored]] = await db.query(
      "SELECT COUNT(*) AS sessions, SUM(stopped_at IS NOT NULL) AS stopped FROM session WHERE acct_session_id LIKE 'r%'",
    );
    await db.end();
    console.log(
      `\nledger: ${stored.sessions} sessions, ${stored.stopped} closed; expected ${CLIENTS * ACCT_SESSIONS_PER_CLIENT * ROUNDS * 2}, all closed`,
    );
    console.log(`\nsummary (medians of ${ROUNDS} rounds; CPU per request: both instances together)`);
    for (const phase of ['auth', 'acct']) {
      const one = results.one[phase];
      const two = results.two[phase];
      const rate = (runs) => median(runs.map((r) => r.rate));
      const cpu = (runs) => median(runs.map((r) => r.serverUs));
      const database = (runs) =>
        runs[0].databaseUs === null ? '' : ` + MariaDB ${median(runs.map((r) => r.databaseUs)).toFixed(1)}`;
      console.log(
        `  ${phase.padEnd(5)} one ${Math.round(rate(one))} req/s, two ${Math.round(rate(two))} req/s → ratio two/one ${(rate(two) / rate(one)).toFixed(2)}×; ` +
          `CPU/req one ${cpu(one).toFixed(1)}${database(one)} µs, two ${cpu(two).toFixed(1)}${database(two)} µs; ` +
          `radclients ${median([...one, ...two].map((r) => r.clientUs)).toFixed(1)} µs`,
      );
    }
  } finally {
    await Promise.all(instances.map(stopInstance));
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
