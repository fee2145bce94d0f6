// The FreeRADIUS 3.2 side of `bench:radius` (netaccess-radius.mjs): a private instance with its own raddb copy,
// answering PAP from its `files` module and accounting two ways, on two ports:
//  - rlm_sql (rlm_sql_mysql) with the stock MySQL schema and queries, into its own database in the shared
//    MariaDB: radacct INSERT on Start, UPDATE on Interim-Update and Stop, each its own autocommit transaction
//    answered once committed. What EduBase's durable accounting is compared with.
//  - the `detail` module appending to a file without fsync: not durable, kept as the floor of FreeRADIUS's own
//    cost per request, not as a reference.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { radclientOnce } from './radius-load.mjs';

const mysql = createRequire(import.meta.url)('mysql2/promise');

const STOCK_RADDB = '/etc/freeradius/3.0';
const STOCK_MYSQL = path.join(STOCK_RADDB, 'mods-config', 'sql', 'main', 'mysql');

/** FreeRADIUS's worker threads: the stock thread pool's maximum, all started at once (see configureFreeRadius). */
const THREADS = 32;
/**
 * rlm_sql's connection pool: one connection per thread, which is what the module's own notes ask for ("setting
 * 'max' to LESS than the number of threads means that some threads may starve"; the stock pool follows the
 * thread pool); all opened at start and kept, so no measured round pays for a connection.
 */
export const SQL_POOL_SIZE = THREADS;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function ensureFreeRadius() {
  const packages = ['freeradius', 'freeradius-utils', 'freeradius-mysql'];
  const missing = packages.filter(
    (name) =>
      !spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout.includes(
        'install ok installed',
      ),
  );
  if (missing.length === 0 && spawnSync('which', ['radclient']).status === 0) return;
  console.log(`installing Debian ${missing.join(', ')} (apt-get) …`);
  const apt = (argv) =>
    spawnSync('apt-get', argv, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (apt(['install', '-y', ...packages]).status !== 0) {
    apt(['update']);
    if (apt(['install', '-y', ...packages]).status !== 0) {
      throw new Error(`apt-get install ${packages.join(' ')} failed (the bench needs root)`);
    }
  }
}

/** The rlm_sql module: stock MySQL dialect and queries.conf, pointed at the bench's own database. */
function sqlModule({ host, port, user, password, database }) {
  const quote = (value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`;
  return `sql {
  dialect = "mysql"
  driver = "rlm_sql_mysql"
  mysql {
    warnings = auto
  }
  server = ${quote(host)}
  port = ${port}
  login = ${quote(user)}
  password = ${quote(password)}
  radius_db = ${quote(database)}
  acct_table1 = "radacct"
  acct_table2 = "radacct"
  postauth_table = "radpostauth"
  authcheck_table = "radcheck"
  groupcheck_table = "radgroupcheck"
  authreply_table = "radreply"
  groupreply_table = "radgroupreply"
  usergroup_table = "radusergroup"
  delete_stale_sessions = yes
  pool {
    start = ${SQL_POOL_SIZE}
    min = ${SQL_POOL_SIZE}
    max = ${SQL_POOL_SIZE}
    spare = ${SQL_POOL_SIZE}
    uses = 0
    retry_delay = 30
    lifetime = 0
    idle_timeout = 0
  }
  client_table = "nas"
  group_attribute = "SQL-Group"
  $INCLUDE \${modconfdir}/\${.:name}/main/\${dialect}/queries.conf
}
`;
}

/**
 * Writes the instance's raddb under `dir`: `bench` answers auth and rlm_sql accounting, `bench_detail`
 * accounting to the detail file. Both accounting servers run the stock default site's `preprocess` (adds
 * NAS-IP-Address from the source address, as the stock queries store it) and `acct_unique` (the
 * Acct-Unique-Session-Id the stock queries key radacct on).
 */
export function configureFreeRadius(dir, { ports, secret, users, database }) {
  const raddb = path.join(dir, 'raddb');
  cpSync(STOCK_RADDB, raddb, { recursive: true, dereference: false, verbatimSymlinks: true });
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
    // Same ceiling as EduBase's in-flight cap: enough queued requests that the queue is never the limit.
    .replace(/max_requests = \d+/, 'max_requests = 65536')
    // The stock pool's 32 threads from the start and kept between rounds: the stock 5, grown by the pool
    // manager about once a second, made short rounds measure the ramp rather than the server.
    .replace(/^(\s*)start_servers = \d+$/m, `$1start_servers = ${THREADS}`)
    .replace(/^(\s*)max_servers = \d+$/m, `$1max_servers = ${THREADS}`)
    .replace(/^(\s*)max_spare_servers = \d+$/m, `$1max_spare_servers = ${THREADS}`);
  writeFileSync(path.join(raddb, 'radiusd.conf'), radiusd);

  // Only the modules the bench uses: the stock eap module would want the inner-tunnel server.
  const modsEnabled = path.join(raddb, 'mods-enabled');
  for (const name of readdirSync(modsEnabled)) {
    if (!['pap', 'files', 'detail', 'preprocess', 'always', 'expr'].includes(name))
      rmSync(path.join(modsEnabled, name));
  }
  writeFileSync(path.join(modsEnabled, 'sql'), sqlModule(database));
  const sitesEnabled = path.join(raddb, 'sites-enabled');
  for (const name of readdirSync(sitesEnabled)) rmSync(path.join(sitesEnabled, name));
  const listen = (type, port) =>
    `  listen {\n    type = ${type}\n    ipaddr = 127.0.0.1\n    port = ${port}\n  }\n`;
  writeFileSync(
    path.join(sitesEnabled, 'bench'),
    `server bench {
${listen('auth', ports.auth)}${listen('acct', ports.acctSql)}  authorize {
    files
    pap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
  }
  preacct {
    preprocess
    acct_unique
  }
  accounting {
    sql
  }
  post-auth {
  }
}
server bench_detail {
${listen('acct', ports.acctDetail)}  preacct {
    preprocess
    acct_unique
  }
  accounting {
    detail
  }
}
`,
  );
  writeFileSync(
    path.join(raddb, 'clients.conf'),
    `client bench {\n  ipaddr = 127.0.0.1\n  secret = ${secret}\n}\n`,
  );
  // The same users and reply attributes EduBase sends (VLAN by role, Session-Timeout).
  const authorize = users
    .map(
      (user) =>
        `"${user.name}" Cleartext-Password := "${user.password}"\n` +
        `\tTunnel-Type := VLAN,\n\tTunnel-Medium-Type := IEEE-802,\n` +
        `\tTunnel-Private-Group-Id := "${user.vlan}",\n\tSession-Timeout := ${user.sessionTimeout}\n`,
    )
    .join('\n');
  writeFileSync(path.join(raddb, 'mods-config', 'files', 'authorize'), authorize);
  return raddb;
}

/** (Re)creates FreeRADIUS's database with the stock schema (radacct and the tables rlm_sql expects). */
export async function createFreeRadiusDatabase(connection, database) {
  const db = await mysql.createConnection({ ...connection, multipleStatements: true });
  try {
    await db.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await db.query(`CREATE DATABASE \`${database}\``);
    await db.query(`USE \`${database}\``);
    await db.query(readFileSync(path.join(STOCK_MYSQL, 'schema.sql'), 'utf8'));
  } finally {
    await db.end();
  }
}

/** What radacct holds for sessions whose Acct-Session-Id starts with `prefix`: rows, and rows closed by a Stop. */
export async function radacctLedger(admin, database, prefix) {
  const [[row]] = await admin.query(
    `SELECT COUNT(*) AS sessions, COUNT(DISTINCT acctsessionid) AS distinctSessions,
            SUM(acctstoptime IS NOT NULL AND acctoutputoctets > 0 AND acctterminatecause = 'User-Request') AS stopped
       FROM \`${database}\`.radacct WHERE acctsessionid LIKE ?`,
    [`${prefix}%`],
  );
  return {
    sessions: Number(row.sessions),
    distinctSessions: Number(row.distinctSessions),
    stopped: Number(row.stopped ?? 0),
  };
}

/** Starts the instance in the foreground and waits until it accepts `probe` (an auth request's lines). */
export async function startFreeRadius(raddb, { port, secret, probe }) {
  const child = spawn('freeradius', ['-f', '-d', raddb, '-l', 'stdout'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`freeradius exited:\n${output}`);
    if (radclientOnce(port, 'auth', secret, probe) === 'Access-Accept') return child;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`timed out waiting for FreeRADIUS\n${output}`);
    }
    await sleep(250);
  }
}

/** Bytes FreeRADIUS's detail module has written under `dir`. */
export function detailBytes(dir) {
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
