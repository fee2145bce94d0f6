// `npm start` / `npm stop`: the whole platform on one machine. Runs on the machine's Node (20+) for the
// first install, then everything else on the project's Node 24 from node_modules.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { services, workers } from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runDir = path.join(root, '.edubase', 'run');
const logDir = path.join(root, '.edubase', 'logs');
const projectNode = path.join(root, 'node_modules', '.bin', 'node');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function dependenciesStale() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || !existsSync(projectNode)) return true;
  return statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidFile(name) {
  return path.join(runDir, `${name}.pid`);
}

function runningPid(name) {
  if (!existsSync(pidFile(name))) return null;
  const pid = Number(readFileSync(pidFile(name), 'utf8'));
  return Number.isInteger(pid) && isAlive(pid) ? pid : null;
}

function startProcess(name, main, env) {
  if (runningPid(name)) {
    console.log(`• ${name} already running`);
    return;
  }
  const log = openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(projectNode, ['-r', './dist/libs/platform/telemetry/src/preload.js', main], {
    cwd: root,
    env: { ...env, OTEL_SERVICE_NAME: name },
    detached: true,
    stdio: ['ignore', log, log],
  });
  writeFileSync(pidFile(name), String(child.pid));
  child.unref();
}

async function waitReady(service, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (!runningPid(service.name)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${service.name} did not become ready; see ${path.join(logDir, `${service.name}.log`)}`);
}

function serviceEnv(service, state) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    HTTP_PORT: String(service.port),
    DB_HOST: state.mariadb.host,
    DB_PORT: String(state.mariadb.port),
    ...(service.database ? { DB_NAME: service.database } : {}),
    KAFKA_BROKERS: state.kafka.brokers.join(','),
    KEYCLOAK_URL: state.keycloak.url,
    OTEL_SERVICE_NAME: service.name,
    // Spans to the Zipkin infra:up runs (its UI is printed below); an older state without it exports nowhere.
    ...(state.zipkin?.spansUrl ? { OTEL_EXPORTER_ZIPKIN_ENDPOINT: state.zipkin.spansUrl } : {}),
    ...service.env,
  };
}

async function start() {
  run('bash', ['tools/setup/system-packages.sh', '--runtime']);
  if (dependenciesStale()) run('npm', ['ci', '--no-audit', '--no-fund']);
  if (process.execPath !== realpathSync(projectNode) && process.env.EDUBASE_REEXEC !== '1') {
    // Continue on the project's Node 24 now that it is installed.
    run(projectNode, [fileURLToPath(import.meta.url), 'start'], {
      env: { ...process.env, EDUBASE_REEXEC: '1' },
    });
    return;
  }
  run('npm', ['run', 'infra:up']);
  run('npm', ['run', 'build']);
  const state = JSON.parse(readFileSync(path.join(root, '.edubase', 'state.json'), 'utf8'));
  mkdirSync(runDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const available = services.filter((service) =>
    existsSync(path.join(root, 'dist', 'apps', service.name, 'src', 'main.js')),
  );
  for (const service of available) {
    startProcess(service.name, `dist/apps/${service.name}/src/main.js`, serviceEnv(service, state));
  }
  for (const service of available) await waitReady(service);
  for (const service of available) {
    if (service.seed && existsSync(path.join(root, service.seed))) {
      run(projectNode, [service.seed], { env: { ...serviceEnv(service, state), LOG_LEVEL: 'warn' } });
    }
  }
  for (const worker of workers) {
    const owner = services.find((service) => service.name === worker.envOf);
    if (owner && existsSync(path.join(root, worker.main)))
      startProcess(worker.name, worker.main, serviceEnv(owner, state));
  }
  console.log('\nEduBase is up.');
  const cockpit = available.find((service) => service.name === 'cockpit');
  if (cockpit)
    console.log(`  dashboard        http://127.0.0.1:${cockpit.port}${cockpit.home}  (数字驾驶舱)`);
  const staffConsole = available.find((service) => service.name === 'console');
  if (staffConsole)
    console.log(`  console          http://127.0.0.1:${staffConsole.port}${staffConsole.home}  (工作台)`);
  for (const service of available.filter((candidate) => candidate.docs !== false)) {
    console.log(`  ${service.name.padEnd(16)} http://127.0.0.1:${service.port}/docs`);
  }
  console.log(`  keycloak         ${state.keycloak.url}/admin (admin / admin)`);
  if (state.zipkin?.uiUrl) console.log(`  zipkin (traces)  ${state.zipkin.uiUrl}`);
  if (state.mail?.uiUrl)
    console.log(
      `  mail (demo inbox) ${state.mail.uiUrl}  (SMTP ${state.mail.smtpHost}:${state.mail.smtpPort}; Keycloak's password-reset mails)`,
    );
  console.log('  NAT syslog       127.0.0.1:5514 udp/tcp (egress firewall logs for /trace/public)');
  console.log(
    '  demo logins      district.admin, leader1, admin.3101200001, teacher.3101200001, netadmin.3101200001, security.officer, auditor — password Passw0rd!',
  );
  console.log('  logs             .edubase/logs/   stop with: npm stop');
}

async function stop() {
  for (const { name } of [...workers, ...[...services].reverse()]) {
    const pid = runningPid(name);
    if (pid) {
      process.kill(pid, 'SIGTERM');
      console.log(`• stopped ${name} (pid ${pid})`);
    }
    rmSync(pidFile(name), { force: true });
  }
  run(existsSync(projectNode) ? projectNode : process.execPath, ['tools/infra/infra.mjs', 'down']);
}

const command = process.argv[2];
const action = command === 'stop' ? stop : command === 'start' ? start : null;
if (!action) {
  console.error('usage: platform.mjs start|stop');
  process.exit(2);
}
action().catch((error) => {
  console.error(`✖ ${error.message}`);
  process.exit(1);
});
