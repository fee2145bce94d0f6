// NAT log benchmark (`npm run bench:nat` = build + this script), in its own database `bench_netaccess_nat`
// (kept between runs while --days and the rows per day are the same; --drop drops it) and
// `bench_netaccess_nat_ingest` (recreated each run):
//  1. ingestion: the parser alone (CPU), the NatLogWriter alone (MariaDB's multi-row INSERT ceiling), then the
//     service's SyslogReceiver + NatLogWriter on MariaDB, fed over TCP by --senders child
//     processes (tools/bench/nat-syslog-sender.mjs: Huawei session lines, octet-counted, each batch
//     acknowledged after commit), printing acknowledged lines/s beside what a district needs;
//  2. the public trace: --days (180) of daily partitions seeded with INSERT … SELECT from MariaDB's sequence
//     engine (--session-rows-per-day, --block-rows-per-day), then --lookups lookups of each kind through
//     PublicTraceService (audit row included), printing p50/p99 against the 200 ms target.
// --only=ingest|trace runs one half. The district figures (docs/adr/0005-nat-logs-in-network-access.md): 60,000 concurrent users produce about
// 40,000 per-session lines/s on a school day and 60–80,000 at peaks; port block allocation a few lines/s.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { natLine } from './nat-syslog-sender.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const load = (relative) => {
  try {
    return require(path.join(root, 'dist', relative));
  } catch (error) {
    console.error(`cannot load dist/${relative} (${error.message}); run \`npm run build\` first`);
    process.exit(1);
  }
};
const mysql = require('mysql2/promise');
const { DataSource } = require('typeorm');
const persistence = load('libs/platform/persistence/src/index.js');
const { networkAccessDataSourceOptions } = load('apps/network-access/src/database/data-source.js');
const { SyslogReceiver } = load('apps/network-access/src/nat/ingest/syslog-receiver.js');
const { NatLineParser } = load('apps/network-access/src/nat/parsing/nat-line-parser.js');
const { NatLogWriter } = load('apps/network-access/src/nat/storage/nat-log-writer.js');
const { NatPartitionMaintenanceService } = load(
  'apps/network-access/src/nat/storage/nat-partition-maintenance.service.js',
);
const { PublicTraceService } = load('apps/network-access/src/nat/public-trace/public-trace.service.js');
const { dayStart } = load('apps/network-access/src/nat/storage/nat-partitions.js');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, value ?? 'true'];
  }),
);
const SENDERS = Number(args.senders) || 4;
const SENDER_BATCHES = Number(args.batches) || 25;
const SENDER_BATCH = Number(args['batch-size']) || 2000;
const DAYS = Number(args.days) || 180;
const SESSION_PER_DAY = Number(args['session-rows-per-day'] ?? 20_000);
const BLOCK_PER_DAY = Number(args['block-rows-per-day'] ?? 5_000);
const LOOKUPS = Number(args.lookups) || 200;
const DISTRICT_AVERAGE = 40_000;
const DISTRICT_PEAK = 70_000;
const TARGET_MS = 200;
const DB = 'bench_netaccess_nat';
const INGEST_DB = 'bench_netaccess_nat_ingest';
const connection = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
};
const config = {
  NAT_RETENTION_DAYS: 180,
  NAT_SESSION_LOOKBACK_HOURS: 24,
  NAT_BLOCK_LOOKBACK_DAYS: 7,
  PARTITION_MAINTENANCE_INTERVAL_HOURS: 0,
};
const PUBLIC_BASE = 0xca790100; // 202.121.1.0/26: 64 public addresses
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function openDatabase(database, fresh) {
  if (fresh) {
    const admin = await mysql.createConnection(connection);
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  }
  const options = networkAccessDataSourceOptions({
    DB_HOST: connection.host,
    DB_PORT: connection.port,
    DB_USER: connection.user,
    DB_PASSWORD: connection.password,
    DB_NAME: database,
  });
  await persistence.ensureDatabaseExists({ ...connection, database });
  const migrated = await persistence.openMigratedDataSource(options);
  await migrated.destroy();
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}

async function parseAndWrite(dataSource) {
  const lines = [];
  const at = Math.floor(Date.now() / 1000);
  for (let seq = 0; seq < 100_000; seq += 1) lines.push(natLine('BENCH-PARSE', seq, at));
  const parser = new NatLineParser({ offsetMinutes: 480 });
  const now = new Date();
  const cpu = process.cpuUsage();
  let started = performance.now();
  const records = lines.map((line) => parser.parse(line, '127.0.0.1', now).record);
  const parseRate = lines.length / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  const parseCpuRate = lines.length / ((used.user + used.system) / 1e6);
  const writer = new NatLogWriter(dataSource, { batchSize: 5000, maxWaitMs: 50 });
  started = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, (_, index) => writer.write(records.slice(index * 5000, (index + 1) * 5000))),
  );
  const writeRate = records.length / ((performance.now() - started) / 1000);
  await writer.close();
  await dataSource.query('TRUNCATE TABLE nat_session_log');
  console.log(
    `\nparser alone (Huawei session lines): ${Math.round(parseRate).toLocaleString()} lines/s wall, ` +
      `${Math.round(parseCpuRate).toLocaleString()} lines per CPU-second`,
  );
  console.log(
    `NatLogWriter alone (multi-row INSERTs of 5,000, 2 in flight): ${Math.round(writeRate).toLocaleString()} rows/s: MariaDB's ceiling on this machine`,
  );
}

async function ingestion(dataSource) {
  const writer = new NatLogWriter(dataSource, { batchSize: 5000, maxWaitMs: 50 });
  const receiver = new SyslogReceiver({
    host: '127.0.0.1',
    udpPort: 0,
    tcpPort: 0,
    parser: new NatLineParser({ offsetMinutes: 480 }),
    writer,
    retentionDays: 180,
    maxUncommittedPerConnection: 10_000,
    onError: (error, where) => console.error(where, error.message),
  });
  const { tcpPort } = await receiver.start();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, (_, index) => {
      const child = spawn(
        process.execPath,
        [
          path.join(root, 'tools/bench/nat-syslog-sender.mjs'),
          `--port=${tcpPort}`,
          `--tag=BENCH-${index}`,
          `--from=${index * SENDER_BATCHES}`,
          `--batches=${SENDER_BATCHES}`,
          `--batch-size=${SENDER_BATCH}`,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      return new Promise((resolve) => child.on('exit', resolve));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await receiver.stop();
  await writer.close();
  const [{ stored }] = await dataSource.query('SELECT COUNT(*) AS stored FROM nat_session_log');
  const lines = SENDERS * SENDER_BATCHES * SENDER_BATCH;
  const rate = lines / seconds;
  console.log(
    `\ningestion over TCP (${SENDERS} senders × ${SENDER_BATCHES} batches × ${SENDER_BATCH} lines, each batch acknowledged after commit)`,
  );
  console.log(
    `  ${lines.toLocaleString()} lines acknowledged in ${seconds.toFixed(1)} s, ${Number(stored).toLocaleString()} rows stored`,
  );
  console.log(
    `  ${Math.round(rate).toLocaleString()} lines/s; a district of 60,000 users needs ~${DISTRICT_AVERAGE.toLocaleString()}/s ` +
      `(peaks ~${DISTRICT_PEAK.toLocaleString()}/s) with per-session logs: ${(rate / DISTRICT_PEAK).toFixed(2)}× the peak ` +
      `${rate >= DISTRICT_PEAK ? 'PASS' : 'SHORT'}; port block logs need a few lines/s: ${Math.round(rate / 10).toLocaleString()}× ` +
      `that at ten a second`,
  );
  await dataSource.query('TRUNCATE TABLE nat_session_log');
}

async function seed(dataSource, now) {
  const maintenance = new NatPartitionMaintenanceService(dataSource, config);
  for (const table of ['nat_session_log', 'nat_port_block_log']) {
    await maintenance.ensureDays(table, dayStart(now, -DAYS), dayStart(now, 1));
  }
  const span = DAYS * 86_400;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const started = performance.now();
  const chunk = 500_000;
  const sessionRows = DAYS * SESSION_PER_DAY;
  for (let first = 0; first < sessionRows; first += chunk) {
    const count = Math.min(chunk, sessionRows - first);
    // Rows spread evenly over the days; public address and port from a hash of the row number, and a line
    // identity (line_hash) of its own for each row.
    await dataSource.query(
      `INSERT INTO nat_session_log (logged_at, ended_at, public_ip, public_port, inside_ip, inside_port, protocol, device, vendor, line, line_hash)
       SELECT FROM_UNIXTIME(${nowSeconds} - (n * 7919) % ${span}), NULL,
              ${PUBLIC_BASE} + (n * 2654435761) % 64, 1024 + (n * 40503) % 64512,
              169082880 + (n * 97) % 65536, 1024 + n % 60000, 6, 'BENCH-USG', 'huawei',
              CONCAT('<190>2026-12-05 10:00:05 BENCH-USG %%01SECLOG/6/SESSION_TEARDOWN(l):IPVer=4,Protocol=tcp,SourceIP=10.20.', n % 256, '.', n % 200, ',SourcePort=', 1024 + n % 60000, ',SourceNatIP=202.121.1.', n % 64, ',SourceNatPort=', 1024 + (n * 40503) % 64512, ',BeginTime=', ${nowSeconds} - (n * 7919) % ${span}, '.'),
              UNHEX(MD5(n))
         FROM (SELECT seq + ${first} AS n FROM seq_1_to_${count}) s`,
    );
  }
  const blockRows = DAYS * BLOCK_PER_DAY;
  for (let first = 0; first < blockRows; first += chunk) {
    const count = Math.min(chunk, blockRows - first);
    await dataSource.query(
      `INSERT INTO nat_port_block_log (logged_at, event, public_ip, port_start, port_end, inside_ip, device, vendor, line, line_hash)
       SELECT FROM_UNIXTIME(${nowSeconds} - (n * 7919) % ${span}), IF(n % 2 = 0, 'allocate', 'release'),
              ${PUBLIC_BASE} + 64 + (n * 2654435761) % 64, 1024 + ((n * 31) % 63) * 1024, 1024 + ((n * 31) % 63) * 1024 + 1023,
              169082880 + (n * 97) % 65536, 'BENCH-F5000', 'h3c',
              CONCAT('<134>Dec  5 09:59:00 2026 BENCH-F5000 %%10NAT/6/NAT444_PORTBLOCK_ASSIGN: SrcIPAddr(1003)=10.20.', n % 256, '.', n % 200, ';NATSrcIPAddr(1005)=202.121.2.', n % 64, ';'),
              UNHEX(MD5(n))
         FROM (SELECT seq + ${first} AS n FROM seq_1_to_${count}) s`,
    );
  }
  console.log(
    `\nseeded ${DAYS} daily partitions: ${sessionRows.toLocaleString()} per-session rows (${SESSION_PER_DAY.toLocaleString()}/day) and ` +
      `${blockRows.toLocaleString()} port block rows (${BLOCK_PER_DAY.toLocaleString()}/day) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function lookups(dataSource) {
  const trace = new PublicTraceService(dataSource, config);
  const officer = {
    subject: 'bench',
    username: 'bench.officer',
    roles: ['security-officer'],
    grants: [{ role: 'security-officer', schoolCode: null }],
    schoolCode: null,
    scopes: [],
    clientId: 'bench',
    isServiceAccount: false,
  };
  const kinds = [
    [
      'per-session translation',
      'SELECT public_ip, public_port AS port, logged_at FROM nat_session_log ORDER BY RAND() LIMIT ?',
    ],
    [
      'port block',
      "SELECT public_ip, port_start + 17 AS port, logged_at FROM nat_port_block_log WHERE event = 'allocate' ORDER BY RAND() LIMIT ?",
    ],
  ];
  console.log(
    `\n/trace/public through PublicTraceService (audit row included), target p99 < ${TARGET_MS} ms`,
  );
  for (const [label, sql] of kinds) {
    const samples = await dataSource.query(sql, [LOOKUPS]);
    const ip = (value) => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
    for (const sample of samples.slice(0, 10)) {
      await trace.byPublic(
        officer,
        ip(sample.public_ip),
        sample.port,
        new Date(sample.logged_at.getTime() + 1000),
        'bench',
      );
    }
    const durations = [];
    let found = 0;
    for (const sample of samples) {
      const started = performance.now();
      const answer = await trace.byPublic(
        officer,
        ip(sample.public_ip),
        sample.port,
        new Date(sample.logged_at.getTime() + 1000),
        'bench 协查',
      );
      durations.push(performance.now() - started);
      if (answer.translation) found += 1;
    }
    durations.sort((a, b) => a - b);
    const p99 = percentile(durations, 99);
    console.log(
      `  ${label.padEnd(24)} p50 ${percentile(durations, 50).toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms  ` +
        `(${samples.length} lookups, ${found} with a translation) ${p99 < TARGET_MS ? 'PASS' : 'FAIL'}`,
    );
  }
}

if (args.drop) {
  const admin = await mysql.createConnection(connection);
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await admin.query(`DROP DATABASE IF EXISTS \`${INGEST_DB}\``);
  await admin.end();
  console.log(`dropped ${DB} and ${INGEST_DB}`);
  process.exit(0);
}
const machineLoad = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
console.log(`machine load average at start: ${machineLoad()} (2 cores shared; figures scale with it)`);
if (args.only !== 'trace') {
  const ingest = await openDatabase(INGEST_DB, true);
  await parseAndWrite(ingest);
  await ingestion(ingest);
  await ingest.destroy();
}
if (args.only === 'ingest') process.exit(0);

const seedKey = `${DAYS}/${SESSION_PER_DAY}/${BLOCK_PER_DAY}`;
const admin = await mysql.createConnection(connection);
const [[meta]] = await admin.query(
  `SELECT COUNT(*) AS has_meta FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'bench_meta'`,
  [DB],
);
const [[seeded]] = meta.has_meta
  ? await admin.query(`SELECT seed_key, seeded_at FROM \`${DB}\`.bench_meta`)
  : [[null]];
await admin.end();
const reuse = seeded?.seed_key === seedKey;
const dataSource = await openDatabase(DB, !reuse);
if (reuse) {
  console.log(`\n${DB} already holds ${DAYS} days seeded as ${seedKey} (--drop to seed again)`);
} else {
  await seed(dataSource, new Date());
  await dataSource.query('CREATE TABLE bench_meta (seed_key varchar(64), seeded_at datetime(3))');
  await dataSource.query('INSERT INTO bench_meta VALUES (?, NOW(3))', [seedKey]);
}
await lookups(dataSource);
await dataSource.destroy();
console.log(`machine load average at end: ${machineLoad()}`);
