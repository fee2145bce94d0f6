// Shared helpers for the dev-infra scripts. Node built-ins only: this must run
// before `npm install` has ever happened (fresh clone, CI) on Node 20 and 24.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EDU = process.env.EDUBASE_HOME
  ? path.resolve(process.env.EDUBASE_HOME)
  : path.join(ROOT, '.edubase');
export const STATE_FILE = path.join(EDU, 'state.json');

/** An error whose message is the single line the user sees. */
export class InfraError extends Error {}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (msg) => {
  if (!process.env.EDUBASE_INFRA_QUIET) process.stderr.write(`[infra] ${msg}\n`);
};

export function envPort(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new InfraError(`${name}=${v} is not a valid port`);
  return n;
}

export function mkdirp(p) {
  fs.mkdirSync(p, { recursive: true });
  return p;
}

export function writeIfChanged(file, content) {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (old === content) return false;
  mkdirp(path.dirname(file));
  fs.writeFileSync(file, content);
  return true;
}

export function sha256File(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function readJson(file, dflt = null) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return dflt;
  }
}

export function writeJsonAtomic(file, obj) {
  mkdirp(path.dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(obj, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

export function readState() {
  return readJson(STATE_FILE, {}) ?? {};
}

/** Merge one component's entry into state.json (read-modify-write under the up/down lock). */
export function updateState(component, entry) {
  const s = readState();
  s[component] = { ...(s[component] ?? {}), ...entry };
  s.updatedAt = new Date().toISOString();
  writeJsonAtomic(STATE_FILE, s);
  return s;
}

export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Resolve a java binary (optionally from a JAVA_HOME) and check its major version. */
export function requireJava(minMajor = 17, javaHome = null) {
  const bin = javaHome ? path.join(javaHome, 'bin', 'java') : which('java');
  if (!bin || !fs.existsSync(bin)) {
    throw new InfraError(
      javaHome
        ? `java not found in ${javaHome}: install a JDK ${minMajor}+ there or unset the override`
        : `java not found: install a JDK ${minMajor}+ (apt install openjdk-17-jre-headless)`,
    );
  }
  const r = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  let major = m ? Number(m[1]) : 0;
  if (major === 1 && m?.[2]) major = Number(m[2]);
  if (major < minMajor)
    throw new InfraError(
      `${bin} is Java ${major || '?'}; need JDK ${minMajor}+ (apt install openjdk-17-jre-headless)`,
    );
  return { bin, major, home: javaHome ?? path.resolve(path.dirname(fs.realpathSync(bin)), '..') };
}

export function requireMvn() {
  const bin = which('mvn');
  if (!bin) throw new InfraError('mvn not found: apt install maven');
  return bin;
}

// Pinned so resolution does not depend on whatever default plugin the local Maven ships.
export const DEP_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

// Built from a string so the escape byte is not a literal control character in a regex.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Run mvn; on failure turn Maven's noise into one line naming the artifact. */
export function runMvn(args, { cwd, what }) {
  const bin = requireMvn();
  const r = spawnSync(bin, ['-B', '-q', '-Dstyle.color=never', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status === 0) return;
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const errLine =
    out
      .split('\n')
      .map((l) => l.replace(ANSI, '').trim())
      .find((l) => l.startsWith('[ERROR]')) ??
    (r.error?.message || `mvn exited ${r.status}`);
  throw new InfraError(
    `download of ${what} from Maven Central failed: ${errLine.replace(/^\[ERROR\]\s*/, '').slice(0, 400)}`,
  );
}

export function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  // A zombie (exited, not yet reaped) still answers kill(0); treat it as dead.
  try {
    return !/\)\s+Z\s/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export function readPid(file) {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * pid from a pid file, but only if that process is still ours: after a reboot the
 * number may belong to something else, and waiting on it would hang `up`.
 */
export function readOwnPid(file, marker, known = null) {
  const pid = file ? readPid(file) : known;
  if (!pidAlive(pid)) return null;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) ? pid : null;
  } catch {
    return pid; // no /proc: trust the pid file
  }
}

/** Start a long-running server in its own process group, stdio to a log file, not tied to us. */
export function spawnDetached(cmd, args, { cwd, env, logFile, pidFile }) {
  mkdirp(path.dirname(logFile));
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n===== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  child.unref();
  if (!child.pid) throw new InfraError(`could not start ${cmd}`);
  if (pidFile) fs.writeFileSync(pidFile, `${child.pid}\n`);
  return child.pid;
}

function signalGroup(pid, sig) {
  // Detached children lead their own process group; signal the group so wrapper
  // scripts (kc.sh) and the JVM they fork go together.
  try {
    process.kill(-pid, sig);
    return;
  } catch {
    /* not a group leader */
  }
  try {
    process.kill(pid, sig);
  } catch {
    /* gone */
  }
}

/** SIGTERM, wait, SIGKILL after the grace period. */
export async function stopPid(pid, { graceMs = 30000, name = 'process' } = {}) {
  if (!pidAlive(pid)) return false;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(200);
  if (pidAlive(pid)) {
    log(`${name} (pid ${pid}) ignored SIGTERM for ${graceMs / 1000}s; sending SIGKILL`);
    signalGroup(pid, 'SIGKILL');
    while (pidAlive(pid)) await sleep(100);
  }
  return true;
}

export function killHard(pid) {
  if (!pidAlive(pid)) return false;
  signalGroup(pid, 'SIGKILL');
  return true;
}

export async function waitUntil(check, { timeoutMs, intervalMs = 500, describe, alive }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (alive && !alive()) throw new InfraError(`${describe}: process exited during startup`);
    await sleep(intervalMs);
  }
  throw new InfraError(
    `${describe}: not ready after ${Math.round(timeoutMs / 1000)}s${last ? ` (${last.message})` : ''}`,
  );
}

/** True when something accepts TCP connections on host:port. */
export function tcpOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (v) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** pid listening on a TCP port, via /proc (no ss/lsof dependency). null if unknown. */
export function listenerPid(port) {
  const inodes = new Set();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let txt;
    try {
      txt = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of txt.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length < 10 || c[3] !== '0A') continue; // 0A = LISTEN
      if (parseInt(c[1].split(':')[1], 16) === port) inodes.add(c[9]);
    }
  }
  if (!inodes.size) return null;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${d}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${d}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(d);
      } catch {
        /* raced */
      }
    }
  }
  return null;
}

/** Is pid one of ours (same process or a descendant of our detached root)? */
function inTree(pid, rootPid) {
  for (let p = pid, i = 0; p && p > 1 && i < 64; i++) {
    if (p === rootPid) return true;
    try {
      p = Number(
        fs
          .readFileSync(`/proc/${p}/stat`, 'utf8')
          .replace(/^.*\)\s+\S+\s+/, '')
          .split(' ')[0],
      );
    } catch {
      return false;
    }
  }
  return false;
}

/** Fail fast if a port we are about to bind is held by someone else. */
export async function assertPortFree(port, envVar, ownPid = null) {
  if (!(await tcpOpen(port))) return;
  const pid = listenerPid(port);
  if (ownPid && pid && inTree(pid, ownPid)) return;
  let who = '';
  if (pid) {
    try {
      who = ` ${fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}`;
    } catch {
      /* */
    }
  }
  throw new InfraError(
    `port ${port} is taken by another process (pid ${pid ?? 'unknown'}${who}): stop it or set ${envVar}`,
  );
}

export function httpGet(url, { timeoutMs = 3000, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export function tail(file, lines = 40) {
  try {
    const st = fs.statSync(file);
    const len = Math.min(st.size, 256 * 1024);
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, st.size - len);
    fs.closeSync(fd);
    return buf.toString('utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Last meaningful error-ish line of a log, to make a one-line failure message. */
export function lastErrorLine(file) {
  const lines = tail(file, 200)
    .split('\n')
    .filter((l) => /ERROR|Exception|FATAL|error:/i.test(l));
  return (lines.at(-1) ?? '').trim().slice(0, 300);
}

/**
 * Cross-process lock so concurrent `up`/`down` (parallel Jest workers, two terminals)
 * do not race on pid files and formats. Stale locks from dead pids are taken over.
 */
const heldLocks = new Map();
export async function withLock(name, fn, timeoutMs = 15 * 60 * 1000) {
  // Re-entrant within this process (the CLI and the API may nest).
  if (heldLocks.has(name)) {
    heldLocks.set(name, heldLocks.get(name) + 1);
    try {
      return await fn();
    } finally {
      heldLocks.set(name, heldLocks.get(name) - 1);
    }
  }
  const file = path.join(mkdirp(EDU), `${name}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = readPid(file);
      if (!pidAlive(holder) || holder === process.pid) {
        try {
          fs.unlinkSync(file);
        } catch {
          /* raced */
        }
        continue;
      }
      if (Date.now() > deadline)
        throw new InfraError(
          `another infra command (pid ${holder}) holds ${file}; wait for it or remove the file`,
        );
      await sleep(300);
    }
  }
  heldLocks.set(name, 1);
  try {
    return await fn();
  } finally {
    heldLocks.delete(name);
    if (readPid(file) === process.pid)
      try {
        fs.unlinkSync(file);
      } catch {
        /* */
      }
  }
}
