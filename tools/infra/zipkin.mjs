// Zipkin 3.5 (the trace store with a UI the services export their OpenTelemetry spans to): the server's exec
// jar from Maven Central through mvn, in-memory storage (traces live as long as the process; dev only), bound
// to 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import {
  DEP_PLUGIN,
  EDU,
  InfraError,
  assertPortFree,
  envPort,
  httpGet,
  lastErrorLine,
  log,
  mkdirp,
  pidAlive,
  readOwnPid,
  requireJava,
  runMvn,
  spawnDetached,
  stopPid,
  updateState,
  waitUntil,
} from './common.mjs';

const VERSION = '3.5.1';
const ARTIFACT = `io.zipkin:zipkin-server:${VERSION}:jar:exec`;
const DIR = path.join(EDU, 'zipkin');
const JAR = path.join(DIR, `zipkin-server-${VERSION}-exec.jar`);
const PID_FILE = path.join(DIR, 'zipkin.pid');
export const LOG_FILE = path.join(DIR, 'logs', 'zipkin.log');
// Spans kept in memory before the oldest traces are evicted; sized with the heap below (~1 KB a span).
const MAX_SPANS = process.env.EDUBASE_ZIPKIN_MAX_SPANS || '100000';
const HEAP = process.env.EDUBASE_ZIPKIN_HEAP || '-Xms64m -Xmx384m';

export function ports() {
  return { port: envPort('EDUBASE_ZIPKIN_PORT', 9411) };
}

const baseUrl = () => `http://127.0.0.1:${ports().port}`;

/** Where services POST spans (Zipkin v2 JSON), and the UI. */
function endpoint(pid) {
  return {
    url: baseUrl(),
    spansUrl: `${baseUrl()}/api/v2/spans`,
    uiUrl: `${baseUrl()}/zipkin/`,
    pid: pid ?? null,
    version: VERSION,
  };
}

function ensureJar() {
  if (fs.existsSync(JAR)) return;
  log(`fetching ${ARTIFACT} via mvn ...`);
  mkdirp(DIR);
  runMvn([`${DEP_PLUGIN}:copy`, `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${DIR}`], {
    cwd: DIR,
    what: ARTIFACT,
  });
  if (!fs.existsSync(JAR))
    throw new InfraError(`mvn copied ${ARTIFACT} but ${JAR} is missing: delete .edubase/zipkin and retry`);
}

async function isReady() {
  try {
    const r = await httpGet(`${baseUrl()}/health`);
    return r.status === 200 && /"status"\s*:\s*"UP"/.test(r.body);
  } catch {
    return false;
  }
}

export async function up() {
  const t0 = Date.now();
  const { port } = ports();
  const pid = readOwnPid(PID_FILE, JAR);
  if (pidAlive(pid)) {
    if (!(await isReady())) {
      log(`zipkin (pid ${pid}) is starting; waiting for readiness`);
      await waitUntil(isReady, {
        timeoutMs: 120000,
        describe: `zipkin on ${baseUrl()}`,
        alive: () => pidAlive(pid),
      });
    }
    updateState('zipkin', endpoint(pid));
    return { name: 'zipkin', pid, ms: Date.now() - t0, already: true };
  }
  await assertPortFree(port, 'EDUBASE_ZIPKIN_PORT');
  const java = requireJava(17, process.env.EDUBASE_ZIPKIN_JAVA_HOME || null);
  ensureJar();
  log(`starting zipkin ${VERSION} on ${baseUrl()}`);
  const newPid = spawnDetached(
    java.bin,
    [
      ...HEAP.split(/\s+/).filter(Boolean),
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      '-jar',
      JAR,
      // The whole port entry: Spring replaces a list rather than merging one element into Zipkin's default.
      `--armeria.ports[0].ip=127.0.0.1`,
      `--armeria.ports[0].port=${port}`,
      '--armeria.ports[0].protocols[0]=http',
    ],
    {
      cwd: DIR,
      logFile: LOG_FILE,
      pidFile: PID_FILE,
      env: { STORAGE_TYPE: 'mem', MEM_MAX_SPANS: MAX_SPANS },
    },
  );
  updateState('zipkin', endpoint(newPid));
  try {
    await waitUntil(isReady, {
      timeoutMs: 120000,
      describe: `zipkin on ${baseUrl()}`,
      alive: () => pidAlive(newPid),
    });
  } catch (e) {
    const why = lastErrorLine(LOG_FILE);
    throw new InfraError(
      `${e.message}${why ? ` — ${why}` : ''} (log: ${path.relative(process.cwd(), LOG_FILE)})`,
    );
  }
  return { name: 'zipkin', pid: newPid, version: VERSION, ms: Date.now() - t0 };
}

export async function down() {
  const pid = readOwnPid(PID_FILE, JAR);
  const stopped = await stopPid(pid, { graceMs: 15000, name: 'zipkin' });
  fs.rmSync(PID_FILE, { force: true });
  updateState('zipkin', endpoint(null));
  return { name: 'zipkin', stopped };
}

export async function status() {
  const pid = readOwnPid(PID_FILE, JAR);
  const alive = pidAlive(pid);
  const ready = await isReady();
  return {
    name: 'zipkin',
    up: ready,
    pid: alive ? pid : null,
    url: endpoint(pid).uiUrl,
    log: LOG_FILE,
    note: ready && !alive ? 'answering, but not started by this script' : undefined,
  };
}
