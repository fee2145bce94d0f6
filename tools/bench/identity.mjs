// Identity benchmark (`npm run bench:identity` = build + this script), on the real MariaDB, Kafka and Keycloak:
//  1. starts the built identity service (telemetry preload, as in production) on a throwaway database and
//     Kafka topic prefix, with BENCH_PUBLIC_TWIN=1 so the unauthenticated twin of GET /people/:id exists;
//  2. imports a 5,000-row roster in files of 1,000 (students: the same parse → validate → one-transaction bulk
//     write → outbox path as staff, without the Keycloak provisioning that follows for staff); prints rows/s;
//  3. loads GET /people/:id with district.admin's bearer token and the twin without one, same people, same
//     keep-alive connections, same duration, and prints throughput, p50/p99 and the ratio (target ≥ 0.7);
//  4. the cost of the tamper-evident audit chain: a second identity with AUDIT_CHAIN_ENABLED=false on its
//     own database and the same roster, then PATCH /people/:id (an audited write: person row, audit row,
//     chain entry, outbox event in one transaction) and a roster import on each in alternating rounds;
//     prints writes/s and import rows/s with the chain on and off and their ratios (target ≥ 0.9).
// Prints figures and exits 0 either way: it reports, it is not a test (the machine may be loaded).
// Options: --seconds=10 --connections=16 --rows=5000 --write-rounds=4
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
const WRITE_ROUNDS = Number(args['write-rounds']) || 4;
const RATIO_TARGET = 0.7;
const CHAIN_RATIO_TARGET = 0.9;
const KEYCLOAK_URL = process.env.KEYCLOAK_URL || 'http://127.0.0.1:8080';
const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const run = randomBytes(4).toString('hex');
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

function startService(port, database, topicPrefix, extraEnv = {}) {
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
        ...extraEnv,
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

/** The import's duration, or the reason it failed (a starved machine can exceed the upload reader's limit). */
async function tryImport(base, token, schoolCode, batch) {
  try {
    return { ms: await importRoster(base, token, schoolCode, batch) };
  } catch (error) {
    return { error: error.message.slice(0, 160) };
  }
}

/** Creates `count` students through POST /people, eight at a time: people to write to even without an import. */
async function createStudents(base, token, schoolId, count) {
  for (let first = 0; first < count; first += 8)
    await Promise.all(
      Array.from({ length: Math.min(8, count - first) }, (_, offset) =>
        call(base, token, 'POST', '/people', {
          kind: 'student',
          name: `基准写学生${first + offset}`,
          orgId: schoolId,
          studentNo: `W${run}${String(first + offset).padStart(6, '0')}`,
          birthDate: '2014-09-01',
        }),
      ),
    );
}

/** Rows per uploaded file: on a starved machine a larger file can exceed the upload reader's 10 s limit. */
const FILE_ROWS = 1000;

/**
 * Imports ROWS students in files of FILE_ROWS, one after the other; `batch` (0-9) keeps the 学籍号 of
 * repeated imports into one school apart. Returns the milliseconds from the first upload to the last
 * job's completion.
 */
async function importRoster(base, token, schoolCode, batch = 0) {
  const started = performance.now();
  for (let first = 0; first < ROWS; first += FILE_ROWS) {
    const lines = ['学籍号,姓名,出生日期,手机'];
    for (let index = first; index < Math.min(ROWS, first + FILE_ROWS); index++)
      lines.push(
        `B${run}${batch}${String(index).padStart(6, '0')},基准学生${index},2014-09-01,139${String(index).padStart(8, '0')}`,
      );
    const file = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const job = await call(base, token, 'POST', `/roster-imports?schoolCode=${schoolCode}`, file, 'text/csv');
    for (;;) {
      const current = await call(base, token, 'GET', `/roster-imports/${job.id}`);
      if (current.status === 'failed') throw new Error(`import failed: ${current.error}`);
      if (current.status === 'completed') break;
      await sleep(50);
    }
  }
  return performance.now() - started;
}

function load(base, paths, headers, method = 'GET', bodyOf = undefined) {
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
            method,
            headers,
            setupRequest: (request) => {
              const index = next++;
              const path = paths[index % paths.length];
              return bodyOf ? { ...request, path, body: bodyOf(index) } : { ...request, path };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function stopService(child) {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function cleanup(children, databases) {
  for (const child of children) await stopService(child);
  const connection = await mysql.createConnection(db);
  for (const name of databases) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
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

/**
 * An identity on its own database and topic prefix, with a district, a school and the imported roster:
 * its base URL, the import's duration and up to 1,000 of its people's ids.
 */
async function preparedIdentity(label, extraEnv, token, started) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const database = `t_bench_identity_${run}_${label}`;
  const child = startService(port, database, `${topicPrefix}${label}.`, extraEnv);
  started.push({ child, database });
  await waitReady(base, child);
  const district = await call(base, token, 'POST', '/orgs', {
    kind: 'district',
    name: '奉贤区教育局 (bench)',
  });
  const schoolCode = `39${String(parseInt(run, 16) % 1e8).padStart(8, '0')}`;
  const school = await call(base, token, 'POST', '/orgs', {
    kind: 'school',
    name: '基准测试学校',
    parentId: district.id,
    schoolCode,
    stage: 'primary',
  });
  await createStudents(base, token, school.id, 200);
  const imported = await tryImport(base, token, schoolCode, 0);
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
  return { base, imported, ids, schoolCode };
}

const row = (label, result) =>
  `${label.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms`;
const verdict = (ratio, target) =>
  `${ratio.toFixed(2)}   target ≥ ${target}  ${ratio >= target ? 'PASS' : 'FAIL'}`;

/**
 * The chain's cost on writes: per round, a roster import (bulk: one transaction, thousands of audit rows)
 * and PATCH load (many small audited transactions) on the chain-on and the chain-off service, the order
 * alternating between rounds so a load change on the machine hits both sides alike.
 */
async function chainCost(on, off, token) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // A new name every time: an unchanged name would be no write, and no audit row.
  const body = (index) => JSON.stringify({ name: `基准学生改${index}` });
  const paths = (target) => target.ids.map((id) => `/people/${id}`);
  for (const target of [on, off])
    await call(target.base, token, 'PATCH', paths(target)[0], { name: '基准学生预热' });
  const results = { on: [], off: [] };
  const imports = { on: [], off: [] };
  for (let round = 0; round < WRITE_ROUNDS; round++) {
    const order = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    for (const label of order) {
      const target = label === 'on' ? on : off;
      imports[label].push(await tryImport(target.base, token, target.schoolCode, round + 1));
      results[label].push(await load(target.base, paths(target), headers, 'PATCH', body));
    }
  }
  const rate = (list) => list.reduce((sum, result) => sum + result.requests.average, 0) / list.length;
  const total = (list) => list.reduce((sum, result) => sum + (result.ms ?? NaN), 0);
  const nonOk = [...results.on, ...results.off].reduce(
    (sum, result) => sum + result.non2xx + result.errors,
    0,
  );
  return {
    results,
    imports,
    ratio: rate(results.on) / rate(results.off),
    importRatio: total(imports.off) / total(imports.on),
    nonOk,
  };
}

async function main() {
  const started = [];
  try {
    const token = await login();
    const on = await preparedIdentity('on', {}, token, started);
    const off = await preparedIdentity('off', { AUDIT_CHAIN_ENABLED: 'false' }, token, started);
    const authPaths = on.ids.map((id) => `/people/${id}`);
    const twinPaths = on.ids.map((id) => `/bench-public-twin/people/${id}`);
    const authHeaders = { authorization: `Bearer ${token}` };

    // Warm both routes (JIT, connection pools, the verified-token cache) before measuring.
    await Promise.all([call(on.base, token, 'GET', authPaths[0]), fetch(`${on.base}${twinPaths[0]}`)]);
    const authenticated = await load(on.base, authPaths, authHeaders);
    const unauthenticated = await load(on.base, twinPaths, {});
    const nonOk =
      authenticated.non2xx + unauthenticated.non2xx + authenticated.errors + unauthenticated.errors;
    const ratio = authenticated.requests.average / unauthenticated.requests.average;

    const writeToken = await login();
    const writes = await chainCost(on, off, writeToken);
    const verified = await call(on.base, writeToken, 'GET', '/audit/verify');

    console.log('');
    console.log(
      `identity bench (${CONNECTIONS} keep-alive connections, ${SECONDS} s each, ${on.ids.length} people)`,
    );
    console.log(row('GET /people/:id  (bearer token)', authenticated));
    console.log(row('GET twin         (no token)', unauthenticated));
    console.log(`authenticated / unauthenticated    ${verdict(ratio, RATIO_TARGET)}`);
    const importMs = on.imported.ms;
    console.log(
      importMs === undefined
        ? `roster import ${ROWS} rows          failed: ${on.imported.error}`
        : `roster import ${ROWS} rows          ${(importMs / 1000).toFixed(2)} s = ${Math.round((ROWS * 1000) / importMs)} rows/s   target < 30 s  ${importMs < 30_000 ? 'PASS' : 'FAIL'}`,
    );
    console.log('');
    console.log(`audit chain cost (${WRITE_ROUNDS} alternating rounds of PATCH /people/:id each)`);
    writes.results.on.forEach((result, index) =>
      console.log(row(`PATCH  chain on   round ${index + 1}`, result)),
    );
    writes.results.off.forEach((result, index) =>
      console.log(row(`PATCH  chain off  round ${index + 1}`, result)),
    );
    console.log(`writes chain on / off              ${verdict(writes.ratio, CHAIN_RATIO_TARGET)}`);
    const seconds = (list) =>
      list.map((result) => (result.ms === undefined ? 'failed' : (result.ms / 1000).toFixed(1))).join(' + ');
    const failed = [...writes.imports.on, ...writes.imports.off].find((result) => result.error);
    console.log(
      Number.isNaN(writes.importRatio)
        ? `roster import chain on / off       n/a (${failed.error})`
        : `roster import rows/s chain on / off ${verdict(writes.importRatio, CHAIN_RATIO_TARGET)}   (on ${seconds(writes.imports.on)} s, off ${seconds(writes.imports.off)} s)`,
    );
    console.log(
      `chain after the load               ${verified.ok ? 'intact' : `BROKEN at ${verified.firstBroken?.seq}`}, ${verified.checkedEntries} entries verified`,
    );
    if (nonOk + writes.nonOk > 0)
      console.log(`warning: ${nonOk + writes.nonOk} non-2xx answers or errors during the load`);
  } finally {
    await cleanup(
      started.map((service) => service.child),
      started.map((service) => service.database),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
