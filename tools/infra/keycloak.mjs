// Keycloak 26.x (Quarkus dist from Maven Central), dev-file DB, realm imported from
// deploy/keycloak/edubase-realm.json. The expensive `kc.sh build` runs once per
// version/options; every start is `--optimized` (a non-optimized start re-augments,
// which costs minutes on 2 cores).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  DEP_PLUGIN,
  EDU,
  InfraError,
  ROOT,
  assertPortFree,
  envPort,
  httpGet,
  lastErrorLine,
  listenerPid,
  log,
  mkdirp,
  pidAlive,
  readJson,
  readOwnPid,
  requireJava,
  runMvn,
  sha256File,
  spawnDetached,
  stopPid,
  updateState,
  waitUntil,
  writeJsonAtomic,
} from './common.mjs';

// 26.4.x is the newest line that still runs on Java 17 (the machine default). Newer
// 26.x lines can be used with EDUBASE_KEYCLOAK_VERSION + EDUBASE_KEYCLOAK_JAVA_HOME (JDK 21+).
const VERSION = process.env.EDUBASE_KEYCLOAK_VERSION || '26.4.7';
const JAVA_HOME_OVERRIDE = process.env.EDUBASE_KEYCLOAK_JAVA_HOME || null;
const BUILD_ARGS = ['--db=dev-file', '--health-enabled=true', '--metrics-enabled=true'];
export const REALM = 'edubase';
export const REALM_FILE = path.join(ROOT, 'deploy', 'keycloak', 'edubase-realm.json');

const DIR = path.join(EDU, 'keycloak');
const HOME = path.join(DIR, `keycloak-${VERSION}`);
const PID_FILE = path.join(DIR, 'keycloak.pid');
export const LOG_FILE = path.join(DIR, 'logs', 'keycloak.log');
const BUILD_MARKER = path.join(DIR, 'build.json');
const IMPORTED_MARKER = path.join(DIR, 'imported-realm.sha256');

export function ports() {
  return {
    port: envPort('EDUBASE_KEYCLOAK_PORT', 8080),
    mgmtPort: envPort('EDUBASE_KEYCLOAK_MANAGEMENT_PORT', 9000),
  };
}
const urls = () => {
  const { port, mgmtPort } = ports();
  return { url: `http://127.0.0.1:${port}`, managementUrl: `http://127.0.0.1:${mgmtPort}` };
};

function ensureDist() {
  if (fs.existsSync(path.join(HOME, 'bin', 'kc.sh')) && fs.existsSync(path.join(HOME, '.edubase-unpacked')))
    return;
  log(`fetching org.keycloak:keycloak-quarkus-dist:${VERSION}:tar.gz via mvn ...`);
  fs.rmSync(HOME, { recursive: true, force: true });
  mkdirp(DIR);
  // dependency:unpack keeps the exec bits and needs no tar binary.
  runMvn(
    [
      `${DEP_PLUGIN}:unpack`,
      `-Dartifact=org.keycloak:keycloak-quarkus-dist:${VERSION}:tar.gz`,
      `-DoutputDirectory=${DIR}`,
    ],
    { cwd: DIR, what: `org.keycloak:keycloak-quarkus-dist:${VERSION}` },
  );
  if (!fs.existsSync(path.join(HOME, 'bin', 'kc.sh')))
    throw new InfraError(
      `unpacked Keycloak ${VERSION} but ${HOME}/bin/kc.sh is missing: delete .edubase/keycloak and retry`,
    );
  fs.writeFileSync(path.join(HOME, '.edubase-unpacked'), `${new Date().toISOString()}\n`);
}

function javaEnv(java) {
  return { JAVA_HOME: java.home, JAVA: java.bin, PATH: `${path.dirname(java.bin)}:${process.env.PATH}` };
}

function ensureBuild(java) {
  const want = { version: VERSION, args: BUILD_ARGS, javaMajor: java.major };
  const have = readJson(BUILD_MARKER);
  if (have && JSON.stringify(have) === JSON.stringify(want)) return;
  log(`kc.sh build ${BUILD_ARGS.join(' ')} (one-time, ~20-60s)`);
  const r = spawnSync(path.join(HOME, 'bin', 'kc.sh'), ['build', ...BUILD_ARGS], {
    cwd: HOME,
    env: { ...process.env, ...javaEnv(java) },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  fs.writeFileSync(path.join(mkdirp(path.join(DIR, 'logs')), 'build.log'), `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0) {
    const line =
      `${r.stdout}\n${r.stderr}`
        .split('\n')
        .filter((l) => /ERROR|error/i.test(l))
        .at(-1) ?? `exit ${r.status}`;
    throw new InfraError(`kc.sh build failed: ${line.trim()} (log: .edubase/keycloak/logs/build.log)`);
  }
  writeJsonAtomic(BUILD_MARKER, want);
}

async function healthReady() {
  const r = await httpGet(`${urls().managementUrl}/health/ready`);
  return r.status === 200 && /"status"\s*:\s*"UP"/.test(r.body);
}
async function realmReady() {
  const r = await httpGet(`${urls().url}/realms/${REALM}/.well-known/openid-configuration`);
  return r.status === 200;
}
async function isReady() {
  try {
    return (await healthReady()) && (await realmReady());
  } catch {
    return false;
  }
}

function endpoint(pid) {
  return { ...urls(), realm: REALM, pid: pid ?? null, version: VERSION };
}

function realmHash() {
  if (!fs.existsSync(REALM_FILE))
    throw new InfraError(`realm file ${path.relative(ROOT, REALM_FILE)} is missing: restore it from git`);
  return sha256File(REALM_FILE);
}

/**
 * The pid of our Keycloak server. The pid file names the `kc.sh` wrapper it was started through; when that
 * wrapper is gone but the JVM it forked from this installation still serves the port (the wrapper was
 * killed, or the JVM outlived a crashed shell), the JVM is adopted, so `up` neither fails on a port
 * "taken by another process" nor starts a second server.
 */
function ourServerPid() {
  const recorded = readOwnPid(PID_FILE, HOME);
  if (recorded) return recorded;
  for (const port of Object.values(ports())) {
    const listener = readOwnPid(null, HOME, listenerPid(port));
    if (!listener) continue;
    log(`keycloak's wrapper is gone; adopting its server (pid ${listener}) listening on ${port}`);
    fs.writeFileSync(PID_FILE, `${listener}\n`);
    return listener;
  }
  return null;
}

export async function up() {
  const t0 = Date.now();
  const { port, mgmtPort } = ports();
  const hash = realmHash();
  const imported = fs.existsSync(IMPORTED_MARKER) ? fs.readFileSync(IMPORTED_MARKER, 'utf8').trim() : null;
  let pid = ourServerPid();
  const buildCurrent = readJson(BUILD_MARKER)?.version === VERSION;
  if (pidAlive(pid)) {
    if (imported === hash && buildCurrent) {
      if (!(await isReady())) {
        log(`keycloak (pid ${pid}) is starting; waiting for readiness`);
        await waitUntil(isReady, {
          timeoutMs: 300000,
          intervalMs: 1000,
          describe: `keycloak on ${urls().url}`,
          alive: () => pidAlive(pid),
        });
      }
      updateState('keycloak', endpoint(pid));
      return { name: 'keycloak', pid, ms: Date.now() - t0, already: true };
    }
    log(
      imported !== hash
        ? 'realm file changed since last import: restarting keycloak to re-import'
        : `keycloak version changed to ${VERSION}: restarting`,
    );
    await stopPid(pid, { graceMs: 30000, name: 'keycloak' });
    fs.rmSync(PID_FILE, { force: true });
  }
  await assertPortFree(port, 'EDUBASE_KEYCLOAK_PORT');
  await assertPortFree(mgmtPort, 'EDUBASE_KEYCLOAK_MANAGEMENT_PORT');
  const java = requireJava(17, JAVA_HOME_OVERRIDE);
  ensureDist();
  ensureBuild(java);

  const importDir = mkdirp(path.join(HOME, 'data', 'import'));
  if (imported !== hash) {
    // --import-realm skips realms that already exist, so a changed realm file means a
    // fresh dev-file DB. Dev data only; the bootstrap admin is recreated from env.
    log('importing realm edubase from deploy/keycloak/edubase-realm.json (fresh dev database)');
    fs.rmSync(path.join(HOME, 'data', 'h2'), { recursive: true, force: true });
    fs.rmSync(IMPORTED_MARKER, { force: true });
  }
  for (const f of fs.readdirSync(importDir)) fs.rmSync(path.join(importDir, f), { force: true });
  fs.copyFileSync(REALM_FILE, path.join(importDir, 'edubase-realm.json'));

  log(`starting keycloak ${VERSION} on ${urls().url} (management ${urls().managementUrl})`);
  pid = spawnDetached(
    path.join(HOME, 'bin', 'kc.sh'),
    [
      'start',
      '--optimized',
      '--http-enabled=true',
      '--http-host=127.0.0.1',
      `--http-port=${port}`,
      `--http-management-port=${mgmtPort}`,
      '--hostname-strict=false',
      '--import-realm',
    ],
    {
      cwd: HOME,
      logFile: LOG_FILE,
      pidFile: PID_FILE,
      env: {
        ...javaEnv(java),
        KC_BOOTSTRAP_ADMIN_USERNAME: process.env.KC_BOOTSTRAP_ADMIN_USERNAME || 'admin',
        KC_BOOTSTRAP_ADMIN_PASSWORD: process.env.KC_BOOTSTRAP_ADMIN_PASSWORD || 'admin',
        JAVA_OPTS_KC_HEAP: process.env.JAVA_OPTS_KC_HEAP || '-Xms64m -Xmx768m',
      },
    },
  );
  updateState('keycloak', endpoint(pid));
  try {
    await waitUntil(isReady, {
      timeoutMs: 300000,
      intervalMs: 1000,
      describe: `keycloak on ${urls().url}`,
      alive: () => pidAlive(pid),
    });
  } catch (e) {
    const why = lastErrorLine(LOG_FILE);
    throw new InfraError(
      `${e.message}${why ? ` — ${why}` : ''} (log: ${path.relative(process.cwd(), LOG_FILE)})`,
    );
  }
  fs.writeFileSync(IMPORTED_MARKER, `${hash}\n`);
  return { name: 'keycloak', pid, version: VERSION, ms: Date.now() - t0 };
}

export async function down() {
  const pid = ourServerPid();
  const stopped = await stopPid(pid, { graceMs: 30000, name: 'keycloak' });
  fs.rmSync(PID_FILE, { force: true });
  updateState('keycloak', endpoint(null));
  return { name: 'keycloak', stopped };
}

export async function status() {
  const pid = ourServerPid();
  const alive = pidAlive(pid);
  const ready = await isReady();
  return {
    name: 'keycloak',
    up: ready,
    pid: alive ? pid : null,
    url: `${urls().url}/realms/${REALM}`,
    log: LOG_FILE,
    note: ready && !alive ? 'answering, but not started by this script' : undefined,
  };
}
