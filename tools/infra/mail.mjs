// The demo mail relay (mail-sink.mjs: SMTP on 127.0.0.1:1025, web inbox on :8025): where the dev realm's
// Keycloak sends password-reset mails. Unlike the other components it is Node code with npm packages
// (smtp-server, mailparser), so it needs `npm install` first; `npm start` installs before `infra:up`.
import fs from 'node:fs';
import path from 'node:path';
import {
  EDU,
  InfraError,
  ROOT,
  assertPortFree,
  envPort,
  httpGet,
  lastErrorLine,
  log,
  pidAlive,
  readOwnPid,
  spawnDetached,
  stopPid,
  updateState,
  waitUntil,
} from './common.mjs';

const SINK = path.join(ROOT, 'tools', 'infra', 'mail-sink.mjs');
const DIR = path.join(EDU, 'mail');
const PID_FILE = path.join(DIR, 'mail.pid');
export const LOG_FILE = path.join(DIR, 'logs', 'mail.log');

export function ports() {
  return {
    smtpPort: envPort('EDUBASE_MAIL_SMTP_PORT', 1025),
    webPort: envPort('EDUBASE_MAIL_WEB_PORT', 8025),
  };
}

const webUrl = () => `http://127.0.0.1:${ports().webPort}`;

/** The relay Keycloak sends through, and the inbox people and tests read. */
function endpoint(pid) {
  return {
    smtpHost: '127.0.0.1',
    smtpPort: ports().smtpPort,
    uiUrl: `${webUrl()}/`,
    messagesUrl: `${webUrl()}/api/messages`,
    pid: pid ?? null,
  };
}

async function isReady() {
  try {
    const r = await httpGet(`${webUrl()}/health`);
    return r.status === 200 && r.body.includes('UP');
  } catch {
    return false;
  }
}

export async function up() {
  const t0 = Date.now();
  const pid = readOwnPid(PID_FILE, 'mail-sink.mjs');
  if (pidAlive(pid) && (await isReady())) {
    updateState('mail', endpoint(pid));
    return { name: 'mail', pid, ms: Date.now() - t0, already: true };
  }
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'smtp-server')))
    throw new InfraError('the mail sink needs the npm packages: run `npm ci` first (npm start does)');
  const { smtpPort, webPort } = ports();
  await assertPortFree(smtpPort, 'EDUBASE_MAIL_SMTP_PORT');
  await assertPortFree(webPort, 'EDUBASE_MAIL_WEB_PORT');
  log(`starting the demo mail sink: smtp 127.0.0.1:${smtpPort}, inbox ${webUrl()}/`);
  const newPid = spawnDetached(process.execPath, [SINK], {
    cwd: ROOT,
    logFile: LOG_FILE,
    pidFile: PID_FILE,
    env: { EDUBASE_MAIL_SMTP_PORT: String(smtpPort), EDUBASE_MAIL_WEB_PORT: String(webPort) },
  });
  updateState('mail', endpoint(newPid));
  try {
    await waitUntil(isReady, {
      timeoutMs: 20000,
      describe: `mail sink on ${webUrl()}`,
      alive: () => pidAlive(newPid),
    });
  } catch (e) {
    const why = lastErrorLine(LOG_FILE);
    throw new InfraError(
      `${e.message}${why ? ` — ${why}` : ''} (log: ${path.relative(process.cwd(), LOG_FILE)})`,
    );
  }
  return { name: 'mail', pid: newPid, ms: Date.now() - t0 };
}

export async function down() {
  const pid = readOwnPid(PID_FILE, 'mail-sink.mjs');
  const stopped = await stopPid(pid, { graceMs: 5000, name: 'mail' });
  fs.rmSync(PID_FILE, { force: true });
  updateState('mail', endpoint(null));
  return { name: 'mail', stopped };
}

export async function status() {
  const pid = readOwnPid(PID_FILE, 'mail-sink.mjs');
  const ready = await isReady();
  return {
    name: 'mail',
    up: ready,
    pid: pidAlive(pid) ? pid : null,
    url: endpoint(pid).uiUrl,
    log: LOG_FILE,
    note: ready && !pidAlive(pid) ? 'answering, but not started by this script' : undefined,
  };
}
