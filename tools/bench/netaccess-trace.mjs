// Trace-lookup benchmark (`npm run bench:trace` = build + this script): 10 million sessions in a dedicated
// database, then the trace lookups (who had IP a.b.c.d at T; sessions by MAC; by person) through the service's
// own query code path (TraceService, audit row and audit chain entry included), printing p50/p99 per lookup,
// with the tamper-evident audit chain on and, for comparison, off. Target: p99 < 200 ms with the chain on.
// The database `bench_netaccess_trace` is kept between runs: generation is skipped when it already holds the
// requested number of sessions. Options: --rows=10000000 --lookups=300 (per kind) --drop (drop it and exit).
// Data: ~200 schools each with a BRAS and a /22 address pool reused over time, ~200 people (one device each) and 40 terminals per
// school, sessions of 5 min–10 h spread over the last 200 days (7 monthly partitions and the history one).
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

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
const persistence = load('libs/platform/persistence/src/index.js');
const { networkAccessDataSourceOptions } = load('apps/network-access/src/database/data-source.js');
const { TraceService } = load('apps/network-access/src/trace/trace.service.js');
const { AuditChain } = load('libs/platform/audit/src/index.js');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, value ?? 'true'];
  }),
);
const ROWS = Number(args.rows) || 10_000_000;
const LOOKUPS = Number(args.lookups) || 300;
const TARGET_MS = 200;
const DB = 'bench_netaccess_trace';
const SCHOOLS = 200;
const PEOPLE_PER_SCHOOL = 200;
const DAYS = 200;
const CHUNK = 1_000_000;
const connection = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
};

// Deterministic generator (mulberry32), so every generated database is the same.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const schoolCode = (school) => `31012${String(school).padStart(5, '0')}`;
const nasId = (school) => `00000000-0000-4000-8000-${String(school).padStart(12, '0')}`;
const nasIp = (school) => `10.${100 + (school >> 8)}.${school & 0xff}.1`;
const personId = (school, n) => `bench-p-${school}-${n}`;
const staffNo = (school, n) => `t${String(school).padStart(3, '0')}${String(n).padStart(4, '0')}`;
const hex = (value) => value.toString(16).padStart(2, '0');
const deviceMac = (school, n) =>
  `02-${hex(school >> 8)}-${hex(school & 0xff)}-${hex(n >> 8)}-${hex(n & 0xff)}-7e`;
// A /22 per school: 10.<school/64>.<(school%64)*4 + k>.<host>
const poolIp = (school, slot) => `10.${school >> 6}.${((school & 63) << 2) + (slot >> 8)}.${slot & 0xff}`;
const sqlTime = (ms) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

function* sessionLines(first, count, now) {
  const rand = random(first + 1);
  const span = DAYS * 86_400_000;
  for (let id = first; id < first + count; id += 1) {
    const school = Math.floor(rand() * SCHOOLS);
    const isDevice = rand() < 0.1;
    const person = Math.floor(rand() * PEOPLE_PER_SCHOOL);
    // Devices 0–39 of a school are terminals (printers, class displays); 40+ are the people's own.
    const mac = deviceMac(school, isDevice ? Math.floor(rand() * 40) : 40 + person);
    const started = now - span + Math.floor(rand() * span);
    const duration = 300_000 + Math.floor(rand() * 36_000_000);
    const stopped = Math.min(started + duration, now - 1000);
    const open = started + duration > now;
    const ip = poolIp(school, 2 + Math.floor(rand() * 1000));
    const octets = Math.floor(rand() * 2e9);
    yield [
      id,
      sqlTime(started),
      `acct-${id.toString(36)}`,
      nasId(school),
      nasIp(school),
      schoolCode(school),
      isDevice ? mac : staffNo(school, person),
      isDevice ? '\\N' : personId(school, person),
      '\\N',
      mac,
      String(Math.floor(rand() * 48)),
      ip,
      open ? '\\N' : sqlTime(stopped),
      sqlTime(open ? now - Math.floor(rand() * 600_000) : stopped),
      600,
      octets,
      octets * 4,
      Math.floor((stopped - started) / 1000),
      open ? '\\N' : 'User-Request',
    ].join('\t');
  }
}

async function generate(db, now) {
  console.log(
    `generating ${ROWS.toLocaleString()} sessions into ${DB} (LOAD DATA LOCAL INFILE, ${CHUNK.toLocaleString()} per load) …`,
  );
  const people = [];
  for (let school = 0; school < SCHOOLS; school += 1) {
    for (let n = 0; n < PEOPLE_PER_SCHOOL; n += 1) {
      people.push([
        personId(school, n),
        staffNo(school, n),
        `教师${school}-${n}`,
        schoolCode(school),
        'active',
        new Date(now),
      ]);
    }
  }
  for (let offset = 0; offset < people.length; offset += 5000) {
    await db.query('INSERT INTO person (person_id, staff_no, name, school_code, status, as_of) VALUES ?', [
      people.slice(offset, offset + 5000),
    ]);
  }
  // Secondary indexes are dropped for the load and built afterwards by sorting, with exactly the definitions
  // the migration gave them (read back from the catalogue): maintaining five random-order B-trees row by row
  // through a small buffer pool is what makes bulk loads crawl.
  const indexRows = await db.query(
    `SELECT index_name, GROUP_CONCAT(CONCAT('\`', column_name, '\`') ORDER BY seq_in_index) AS columns_list
       FROM information_schema.statistics
      WHERE table_schema = ? AND table_name = 'session' AND index_name <> 'PRIMARY'
      GROUP BY index_name`,
    [DB],
  );
  const indexes = indexRows[0].map((row) => ({ name: row.index_name, columns: row.columns_list }));
  await db.query(`ALTER TABLE session ${indexes.map((index) => `DROP INDEX \`${index.name}\``).join(', ')}`);
  await db.query('SET unique_checks = 0');
  const started = Date.now();
  for (let first = 1; first <= ROWS; first += CHUNK) {
    const count = Math.min(CHUNK, ROWS - first + 1);
    const lines = sessionLines(first, count, now);
    await db.query({
      sql: `LOAD DATA LOCAL INFILE 'sessions.tsv' INTO TABLE session FIELDS TERMINATED BY '\\t'
            (id, started_at, acct_session_id, nas_id, nas_ip, school_code, username, person_id, terminal_id,
             mac_address, nas_port, framed_ip, stopped_at, last_update_at, interim_interval, input_octets,
             output_octets, session_time, terminate_cause)`,
      infileStreamFactory: () =>
        Readable.from(
          (function* () {
            let batch = [];
            for (const line of lines) {
              batch.push(line);
              if (batch.length === 2000) {
                yield Buffer.from(`${batch.join('\n')}\n`);
                batch = [];
              }
            }
            if (batch.length > 0) yield Buffer.from(`${batch.join('\n')}\n`);
          })(),
        ),
    });
    const done = first + count - 1;
    const seconds = (Date.now() - started) / 1000;
    console.log(`  ${done.toLocaleString()} rows, ${Math.round(done / seconds).toLocaleString()} rows/s`);
  }
  console.log(`  building ${indexes.length} secondary indexes …`);
  const indexing = Date.now();
  await db.query(
    `ALTER TABLE session ${indexes.map((index) => `ADD INDEX \`${index.name}\` (${index.columns})`).join(', ')}`,
  );
  console.log(`  indexes built in ${((Date.now() - indexing) / 1000).toFixed(0)} s`);
  await db.query(
    'CREATE TABLE bench_meta (generated_rows BIGINT NOT NULL, generated_at DATETIME(3) NOT NULL)',
  );
  await db.query('INSERT INTO bench_meta VALUES (?, ?)', [ROWS, new Date(now)]);
  await db.query('ANALYZE TABLE session');
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const admin = await mysql.createConnection(connection);
  if (args.drop === 'true') {
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    console.log(`dropped ${DB}`);
    await admin.end();
    return;
  }
  const [[meta]] = await admin.query(
    `SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'bench_meta') AS has_meta`,
    [DB],
  );
  let generatedRows = 0;
  if (meta.has_meta) {
    const [[row]] = await admin.query(`SELECT generated_rows FROM \`${DB}\`.bench_meta`);
    generatedRows = Number(row.generated_rows);
  }
  if (generatedRows !== ROWS) {
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    const options = networkAccessDataSourceOptions({
      ...connection,
      DB_HOST: connection.host,
      DB_PORT: connection.port,
      DB_USER: connection.user,
      DB_PASSWORD: connection.password,
      DB_NAME: DB,
    });
    await persistence.ensureDatabaseExists({ ...connection, database: DB });
    const migrated = await persistence.openMigratedDataSource(options);
    await migrated.destroy();
    const db = await mysql.createConnection({ ...connection, database: DB, flags: ['+LOCAL_FILES'] });
    await generate(db, Date.now());
    await db.end();
  } else {
    console.log(`${DB} already holds ${ROWS.toLocaleString()} generated sessions (--drop to regenerate)`);
  }
  await admin.end();

  // Migrated on every run: a database generated before a migration was added gets it here.
  const dataSource = await persistence.openMigratedDataSource(
    networkAccessDataSourceOptions({
      DB_HOST: connection.host,
      DB_PORT: connection.port,
      DB_USER: connection.user,
      DB_PASSWORD: connection.password,
      DB_NAME: DB,
    }),
  );
  /** The service's chain as AuditChainModule builds it (the sealer runs behind the lookups, as in production). */
  const chainOf = (enabled) =>
    new AuditChain(dataSource, null, {
      service: 'network-access',
      enabled,
      sealDelayMs: 50,
      sweepIntervalMs: 5_000,
      anchorIntervalMs: 300_000,
    });
  const districtUser = {
    subject: 'bench',
    username: 'bench.officer',
    roles: ['security-officer'],
    grants: [{ role: 'security-officer', schoolCode: null }],
    schoolCode: null,
    scopes: [],
    clientId: 'bench',
    isServiceAccount: false,
  };
  // Lookup targets: sessions picked at random by primary key, and a moment inside each.
  const rand = random(42);
  const samples = [];
  while (samples.length < LOOKUPS) {
    const id = 1 + Math.floor(rand() * ROWS);
    const [row] = await dataSource.query(
      'SELECT framed_ip, mac_address, person_id, started_at, stopped_at, last_update_at FROM session WHERE id = ?',
      [id],
    );
    if (row) samples.push(row);
  }
  const timed = async (label, lookup) => {
    for (const sample of samples.slice(0, 20)) await lookup(sample); // warm-up (connections, plans)
    const durations = [];
    let results = 0;
    for (const sample of samples) {
      const started = process.hrtime.bigint();
      results += (await lookup(sample)).length;
      durations.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    durations.sort((a, b) => a - b);
    const p50 = percentile(durations, 50);
    const p99 = percentile(durations, 99);
    console.log(
      `  ${label.padEnd(34)} p50 ${p50.toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms  max ${durations.at(-1).toFixed(1).padStart(6)} ms  ` +
        `(${samples.length} lookups, ${(results / samples.length).toFixed(1)} sessions each) ${p99 < TARGET_MS ? 'PASS' : 'FAIL'}`,
    );
    return p99;
  };
  const [[{ rows }]] = [await dataSource.query('SELECT COUNT(*) AS `rows` FROM session')];
  const momentOf = (sample) => {
    const start = sample.started_at.getTime();
    const end = (sample.stopped_at ?? sample.last_update_at).getTime();
    return new Date(start + Math.floor((end - start) / 2));
  };
  const withPerson = samples.filter((sample) => sample.person_id);
  const p99s = {};
  for (const enabled of [true, false]) {
    const chain = chainOf(enabled);
    chain.start();
    const trace = new TraceService(dataSource, chain);
    const label = enabled ? 'on' : 'off';
    console.log(
      `\ntrace lookups over ${Number(rows).toLocaleString()} sessions through TraceService (audited), audit chain ${label}, target p99 < ${TARGET_MS} ms`,
    );
    p99s[label] = [
      await timed('who had IP at T (/trace/ip)', (sample) =>
        trace.byIp(districtUser, sample.framed_ip, momentOf(sample), '基准测试 bench'),
      ),
      await timed('by MAC, 30 days (/trace/mac)', (sample) =>
        trace.byMac(
          districtUser,
          sample.mac_address,
          { to: new Date(sample.started_at.getTime() + 86_400_000).toISOString() },
          '基准测试 bench',
        ),
      ),
      await timed('by person, 30 days (/trace/people)', (sample) =>
        trace.byPerson(
          districtUser,
          sample.person_id ?? withPerson[0].person_id,
          { to: new Date(sample.started_at.getTime() + 86_400_000).toISOString() },
          '基准测试 bench',
        ),
      ),
    ];
    await chain.stop();
  }
  const ratios = p99s.on.map((p99, index) => (p99s.off[index] / p99).toFixed(2));
  console.log(`\np99 chain off / on per lookup kind (1.00 = no cost): ${ratios.join(', ')}`);
  await dataSource.query("DELETE FROM trace_audit WHERE actor_username = 'bench.officer'");
  // The bench's own chain entries go too, and the head back to the start: the next run chains from zero.
  await dataSource.query('DELETE FROM audit_chain_entry');
  await dataSource.query(
    "UPDATE audit_chain_head SET seq = 0, hash = REPEAT('0', 64), anchored_seq = 0, anchored_at = NULL",
  );
  await dataSource.destroy();
  console.log(`\nkept ${DB} for the next run (npm run bench:trace -- --drop removes it)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
