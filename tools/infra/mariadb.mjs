// MariaDB: normally the machine's own server on 127.0.0.1:3306 (root, empty password).
// Only when nothing answers do we run a private mariadbd under .edubase/mariadb on 3307,
// and `down` only ever stops that private one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  EDU,
  InfraError,
  assertPortFree,
  envPort,
  lastErrorLine,
  log,
  mkdirp,
  pidAlive,
  readOwnPid,
  readState,
  spawnDetached,
  stopPid,
  updateState,
  waitUntil,
  which,
} from './common.mjs';

const DIR = path.join(EDU, 'mariadb');
const DATA = path.join(DIR, 'data');
const SOCKET = path.join(DIR, 'mariadb.sock');
const PID_FILE = path.join(DIR, 'mariadbd.pid');
export const LOG_FILE = path.join(DIR, 'mariadb.log');
const HOST = '127.0.0.1';

export function ports() {
  return { port: envPort('EDUBASE_DB_PORT', 3306), privatePort: envPort('EDUBASE_DB_PRIVATE_PORT', 3307) };
}

/** Reads the server's handshake packet: proves a MySQL-protocol server is listening (no auth). */
function greeting(port, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: HOST, port });
    let buf = Buffer.alloc(0);
    const fail = (m) => {
      s.destroy();
      reject(new Error(m));
    };
    s.setTimeout(timeoutMs, () => fail('timeout'));
    s.once('error', (e) => fail(e.code || e.message));
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 5) return;
      const len = buf.readUIntLE(0, 3);
      if (buf.length < 4 + len) return;
      s.destroy();
      if (buf[4] === 0xff)
        return reject(new Error(`server refused: ${buf.subarray(7, 4 + len).toString('utf8')}`));
      if (buf[4] !== 10) return reject(new Error(`unexpected protocol version ${buf[4]}`));
      const end = buf.indexOf(0, 5);
      resolve(buf.subarray(5, end).toString('utf8'));
    });
  });
}

/** SQL round trip as root/empty password when the client is installed, else the greeting. */
async function ping(port) {
  const cli = which('mariadb') || which('mysql');
  if (cli) {
    const r = spawnSync(
      cli,
      [
        '--no-defaults',
        '--protocol=TCP',
        `-h${HOST}`,
        `-P${port}`,
        '-uroot',
        '--connect-timeout=3',
        '-N',
        '-e',
        'select version()',
      ],
      { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: '' }, timeout: 10000 },
    );
    if (r.status === 0) return r.stdout.trim();
    throw new Error((r.stderr || '').trim().split('\n').at(-1) || `exit ${r.status}`);
  }
  return greeting(port);
}
const pingOk = async (port) => {
  try {
    await ping(port);
    return true;
  } catch {
    return false;
  }
};

function entry(port, priv, pid = null) {
  return { host: HOST, port, user: 'root', password: '', private: priv, pid };
}

async function startPrivate() {
  const { privatePort } = ports();
  const mariadbd = ['/usr/sbin/mariadbd', which('mariadbd'), '/usr/sbin/mysqld'].find(
    (p) => p && fs.existsSync(p),
  );
  if (!mariadbd)
    throw new InfraError(
      `no MariaDB answers on ${HOST}:${ports().port} and mariadbd is not installed: apt install mariadb-server (or set EDUBASE_DB_PORT)`,
    );
  await assertPortFree(privatePort, 'EDUBASE_DB_PRIVATE_PORT');
  const asRoot = os.userInfo().uid === 0;
  const userArgs = asRoot ? ['--user=root'] : [];
  if (!fs.existsSync(path.join(DATA, 'mysql'))) {
    const installDb = which('mariadb-install-db') || which('mysql_install_db');
    if (!installDb) throw new InfraError('mariadb-install-db not found: apt install mariadb-server');
    log(`initialising private MariaDB data dir ${DATA}`);
    mkdirp(DATA);
    // --no-defaults: the system my.cnf forces user=mysql and /var/log/mysql, wrong for a private instance.
    // "normal" root auth = password auth with an empty password, so TCP root/'' works like the system server.
    const r = spawnSync(
      installDb,
      [
        '--no-defaults',
        `--datadir=${DATA}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...userArgs,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) {
      const logFile = path.join(DIR, 'install-db.log');
      fs.writeFileSync(logFile, `${r.stdout}\n${r.stderr}`);
      fs.rmSync(DATA, { recursive: true, force: true }); // a half-initialised dir must not look initialised
      const why =
        `${r.stderr}\n${r.stdout}`.split('\n').find((l) => /\[ERROR\]|failed/i.test(l)) ?? `exit ${r.status}`;
      throw new InfraError(`mariadb-install-db failed: ${why.trim()} (log: ${logFile})`);
    }
  }
  log(`starting private mariadbd on ${HOST}:${privatePort}`);
  const pid = spawnDetached(
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${DATA}`,
      `--socket=${SOCKET}`,
      `--port=${privatePort}`,
      `--bind-address=${HOST}`,
      `--pid-file=${path.join(DIR, 'mariadbd.server.pid')}`,
      `--log-error=${LOG_FILE}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      ...userArgs,
    ],
    { cwd: DIR, logFile: path.join(DIR, 'mariadbd.out.log'), pidFile: PID_FILE },
  );
  updateState('mariadb', entry(privatePort, true, pid));
  try {
    await waitUntil(() => pingOk(privatePort), {
      timeoutMs: 60000,
      describe: `private mariadb on ${HOST}:${privatePort}`,
      alive: () => pidAlive(pid),
    });
  } catch (e) {
    const why = lastErrorLine(LOG_FILE);
    throw new InfraError(`${e.message}${why ? ` — ${why}` : ''} (log: ${LOG_FILE})`);
  }
  return pid;
}

export async function up() {
  const t0 = Date.now();
  const { port, privatePort } = ports();
  const ownPid = readOwnPid(PID_FILE, DATA);
  if (pidAlive(ownPid) && (await pingOk(privatePort))) {
    updateState('mariadb', entry(privatePort, true, ownPid));
    return {
      name: 'mariadb',
      port: privatePort,
      private: true,
      pid: ownPid,
      ms: Date.now() - t0,
      already: true,
    };
  }
  if (await pingOk(port)) {
    updateState('mariadb', entry(port, false));
    return { name: 'mariadb', port, private: false, ms: Date.now() - t0, already: true };
  }
  // Something listens but rejects root/'': say so rather than starting a second server.
  if (
    await greeting(port).then(
      () => true,
      () => false,
    )
  ) {
    const why = await ping(port).then(
      () => '',
      (e) => e.message,
    );
    throw new InfraError(
      `MariaDB on ${HOST}:${port} refuses root with an empty password (${why}): grant it or set EDUBASE_DB_PORT`,
    );
  }
  if (pidAlive(ownPid)) await stopPid(ownPid, { name: 'mariadbd' }); // ours but wedged
  const pid = await startPrivate();
  return { name: 'mariadb', port: privatePort, private: true, pid, ms: Date.now() - t0 };
}

export async function down() {
  const pid = readOwnPid(PID_FILE, DATA);
  if (!pidAlive(pid)) {
    fs.rmSync(PID_FILE, { force: true });
    return { name: 'mariadb', stopped: false, note: 'system MariaDB is never stopped by this script' };
  }
  await stopPid(pid, { graceMs: 30000, name: 'mariadbd' });
  fs.rmSync(PID_FILE, { force: true });
  updateState('mariadb', { ...(readState().mariadb ?? {}), pid: null });
  return { name: 'mariadb', stopped: true };
}

export async function status() {
  const { port, privatePort } = ports();
  const ownPid = readOwnPid(PID_FILE, DATA);
  const priv = pidAlive(ownPid);
  const p = priv ? privatePort : port;
  const up = await pingOk(p);
  return {
    name: 'mariadb',
    up,
    pid: priv ? ownPid : null,
    url: `mysql://root@${HOST}:${p}${priv ? ' (private)' : ' (system)'}`,
    log: priv ? LOG_FILE : undefined,
  };
}
