// Identity benchmark (`npm run bench:identity` = build + this script), on the real MariaDB, Kafka and Keycloak:
//  1. starts the built identity service (telemetry preload, as in production) on a throwaway database and
//     Kafka topic prefix, with BENCH_PUBLIC_TWIN=1 so the unauthenticated twin of GET /people/:id exists;
//  2. imports a 5,000-row roster (students: the same parse → validate → one-transaction bulk write → outbox
//     path as staff, without the Keycloak provisioning that follows for staff) and prints rows/s;
//  3. loads GET /people/:id with district.admin's bearer token and the twin without one, same people, same
//     keep-alive connections, same duration, and prints throughput, p50/p99 and the ratio (target ≥ 0.7).
// Prints figures and exits 0 either way: it reports, it is not a test (the machine may be loaded).
// Options: --seconds=10 --connections=16 --rows=5000
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { Kafka, logLevel } = require('kafkajs');
const mysql = require('mysql2/promise');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, value];
  }),
);
const SECONDS = Number(args.seconds) || 10;
const CONNECTIONS = Number(args.connections) || 16;
const ROWS = Number(args.rows) || 5000;
const RATIO_TARGET = 0.7;
const KEYCLOAK_URL = process.env.KEYCLOAK_URL || 'http://127.0.0.1:8080';
const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const run = randomBytes(4).toString('hex');
const database = `t_bench_identity_${run}`;
const topicPrefix = `bench${run}.`;
const db = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function login() {
  const response = await fetch(`${KEYCLOAK_URL}/realms/edubase/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'edubase-cli',
      username: 'district.admin',
      password: 'Passw0rd!',
    }),
  });
  if (!response.ok)
    throw new Error(`district.admin login failed: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

function startService(port) {
  const child = spawn(
    process.execPath,
    ['-r', './dist/libs/platform/telemetry/src/preload.js', 'dist/apps/identity/src/main.js'],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        DB_NAME: database,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        BENCH_PUBLIC_TWIN: '1',
        RECONCILE_INTERVAL_MINUTES: '0',
        DORMANT_CHECK_INTERVAL_MINUTES: '0',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return child;
}

async function waitReady(base, child) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`identity exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('identity did not become ready within 90 s');
}

async function call(base, token, method, url, body, contentType = 'application/json') {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': contentType } : {}) },
    ...(body ? { body: contentType === 'application/json' ? JSON.stringify(body) : body } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

async function importRoster(base, token, schoolCode) {
  const lines = ['学籍号,姓名,出生日期,手机'];
  for (let index = 0; index < ROWS; index++)
    lines.push(
      `B${run}${String(index).padStart(6, '0')},基准学生${index},2014-09-01,139${String(index).padStart(8, '0')}`,
    );
  const file = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  const started = performance.now();
  const job = await call(base, token, 'POST', `/roster-imports?schoolCode=${schoolCode}`, file, 'text/csv');
  for (;;) {
    const current = await call(base, token, 'GET', `/roster-imports/${job.id}`);
    if (current.status === 'failed') throw new Error(`import failed: ${current.error}`);
    if (current.status === 'completed') break;
    await sleep(50);
  }
  return performance.now() - started;
}

function load(base, paths, headers) {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: SECONDS,
        pipelining: 1,
        requests: [
          {
            method: 'GET',
            headers,
            setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function cleanup(child) {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const connection = await mysql.createConnection(db);
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
  const admin = new Kafka({
    clientId: 'bench-identity-cleanup',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } catch (error) {
    console.error(`could not delete bench topics ${topicPrefix}*: ${error.message}`);
  } finally {
    await admin.disconnect();
  }
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = startService(port);
  try {
    await waitReady(base, child);
    const token = await login();
    const district = await call(base, token, 'POST', '/orgs', {
      kind: 'district',
      name: '奉贤区教育局 (bench)',
    });
    const schoolCode = `39${String(parseInt(run, 16) % 1e8).padStart(8, '0')}`;
    await call(base, token, 'POST', '/orgs', {
      kind: 'school',
      name: '基准测试学校',
      parentId: district.id,
      schoolCode,
      stage: 'primary',
    });

    const importMs = await importRoster(base, token, schoolCode);
    const ids = [];
    for (let page = 1; ids.length < 1000; page++) {
      const found = await call(
        base,
        token,
        'GET',
        `/people?schoolCode=${schoolCode}&pageSize=200&page=${page}`,
      );
      if (found.items.length === 0) break;
      ids.push(...found.items.map((person) => person.id));
    }
    const authPaths = ids.map((id) => `/people/${id}`);
    const twinPaths = ids.map((id) => `/bench-public-twin/people/${id}`);
    const authHeaders = { authorization: `Bearer ${token}` };

    // Warm both routes (JIT, connection pools, the verified-token cache) before measuring.
    await Promise.all([call(base, token, 'GET', authPaths[0]), fetch(`${base}${twinPaths[0]}`)]);
    const authenticated = await load(base, authPaths, authHeaders);
    const unauthenticated = await load(base, twinPaths, {});
    const nonOk =
      authenticated.non2xx + unauthenticated.non2xx + authenticated.errors + unauthenticated.errors;
    const ratio = authenticated.requests.average / unauthenticated.requests.average;

    const row = (label, result) =>
      `${label.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms`;
    console.log('');
    console.log(
      `identity bench (${CONNECTIONS} keep-alive connections, ${SECONDS} s each, ${ids.length} people)`,
    );
    console.log(row('GET /people/:id  (bearer token)', authenticated));
    console.log(row('GET twin         (no token)', unauthenticated));
    console.log(
      `authenticated / unauthenticated    ${ratio.toFixed(2)}   target ≥ ${RATIO_TARGET}  ${ratio >= RATIO_TARGET ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `roster import ${ROWS} rows          ${(importMs / 1000).toFixed(2)} s = ${Math.round((ROWS * 1000) / importMs)} rows/s   target < 30 s  ${importMs < 30_000 ? 'PASS' : 'FAIL'}`,
    );
    if (nonOk > 0) console.log(`warning: ${nonOk} non-2xx answers or errors during the load`);
  } finally {
    await cleanup(child);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
