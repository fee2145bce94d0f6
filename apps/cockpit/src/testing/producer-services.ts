import { ChildProcess, spawn } from 'node:child_process';
import { createSocket, Socket } from 'node:dgram';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import path from 'node:path';
import { KAFKA_BROKERS, KEYCLOAK_URL, testDatabase, TestDatabase } from './cockpit-test-kit';

/**
 * The cockpit's real event producers, identity and network-access, run as they run in production: child
 * processes of their compiled `dist/` under the telemetry preload (Jest-loaded modules cannot be
 * auto-instrumented, and an in-process app would not be the deployable). Each gets its own throwaway
 * database, random ports and the caller's Kafka topic prefix, so it talks only to the cockpit under test.
 */

const ROOT = path.resolve(__dirname, '../../../..');
const PRELOAD = path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js');
/**
 * Loaded into each child: it exits once it is orphaned (its parent's pid changes), so a test runner that
 * is killed without running afterAll leaves no service behind. Jest's sandboxed `process` never sees the
 * real process's 'exit', so the parent cannot do this itself.
 */
const EXIT_WITH_PARENT =
  'data:text/javascript,const parent=process.ppid;setInterval(()=>{if(process.ppid!==parent)process.exit(1)},1000).unref()';
const REALM = 'edubase';

export type ProducerName = 'identity' | 'network-access';

const IMPORT_SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(?\s*|\brequire\(\s*)['"]([^'"]+)['"]/g;

/** The TypeScript sources a compiled entry point loads: its relative and `@edubase/*` imports, transitively. */
function sourcesReachedFrom(entries: readonly string[]): Set<string> {
  const { compilerOptions } = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  const aliases = new Map(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(ROOT, target)]),
  );
  const asSourceFile = (base: string): string | undefined =>
    [base, `${base}.ts`, path.join(base, 'index.ts')].find(
      (candidate) => candidate.endsWith('.ts') && existsSync(candidate),
    );
  const reached = new Set<string>();
  const pending = entries.map((entry) => path.join(ROOT, entry));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT_SPECIFIER)) {
      const target = specifier!.startsWith('.')
        ? asSourceFile(path.resolve(path.dirname(file), specifier!))
        : aliases.get(specifier!);
      if (target && !reached.has(target)) pending.push(target);
    }
  }
  return reached;
}

/**
 * Fails with what to do when a service's compiled code in `dist/` is missing or older than a source it is
 * built from (everything its main.ts and the telemetry preload import): the children would otherwise run
 * yesterday's code.
 */
export function assertProducersBuilt(services: readonly ProducerName[]): void {
  const sources = sourcesReachedFrom([
    'libs/platform/telemetry/src/preload.ts',
    ...services.map((service) => `apps/${service}/src/main.ts`),
  ]);
  const missing: string[] = [];
  const stale: string[] = [];
  for (const source of sources) {
    const relative = path.relative(ROOT, source);
    let builtAt: number;
    try {
      builtAt = statSync(path.join(ROOT, 'dist', relative.replace(/\.ts$/, '.js'))).mtimeMs;
    } catch {
      missing.push(relative);
      continue;
    }
    if (statSync(source).mtimeMs > builtAt) stale.push(relative);
  }
  const list = (files: string[]) =>
    `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}`;
  const advice = 'run `npm run build` before this test (npm test builds before the integration tests)';
  if (missing.length > 0) throw new Error(`dist/ has no build of ${list(missing)}: ${advice}`);
  if (stale.length > 0) throw new Error(`dist/ is older than ${list(stale)}: ${advice}`);
}

/** Ports that were free a moment ago, distinct from each other (all held open until all are chosen). */
async function freePorts(count: number, protocol: 'tcp' | 'udp'): Promise<number[]> {
  if (protocol === 'tcp') {
    const servers: Server[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    const ports = servers.map((server) => (server.address() as AddressInfo).port);
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    return ports;
  }
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 1) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sockets.push(socket);
  }
  const ports = sockets.map((socket) => socket.address().port);
  await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(resolve))));
  return ports;
}

/** One service process; its output is kept so a failure can show what the service said. */
export class ServiceProcess {
  private readonly output: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stopping = false;
  readonly baseUrl: string;

  constructor(
    readonly name: ProducerName,
    readonly database: TestDatabase,
    port: number,
    env: Record<string, string>,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    // Spans are made (trace ids in logs, traceparent on Kafka) but exported nowhere.
    const { OTEL_EXPORTER_OTLP_ENDPOINT: _notExported, ...parentEnv } = process.env;
    this.child = spawn(
      process.execPath,
      ['--import', EXIT_WITH_PARENT, '-r', PRELOAD, path.join(ROOT, 'dist/apps', name, 'src/main.js')],
      {
        cwd: ROOT,
        env: {
          ...parentEnv,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          OTEL_SERVICE_NAME: name,
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(port),
          ...database.settings,
          DB_PORT: String(database.settings.DB_PORT),
          KAFKA_BROKERS: KAFKA_BROKERS.join(','),
          KEYCLOAK_URL,
          KEYCLOAK_REALM: REALM,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n')));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.once('exit', (code, signal) => {
      if (!this.stopping) console.error(`${name} exited unexpectedly (${signal ?? code})\n${this.tail()}`);
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(lines = 30): string {
    const kept = this.output.filter(Boolean).slice(-lines);
    return `--- ${this.name} (last ${kept.length} lines of output) ---\n${kept.join('\n')}`;
  }

  /** Resolves once GET /health/ready answers 200 (migrations ran, Kafka and MariaDB reachable). */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready\n${this.tail()}`);
      const status = await fetch(`${this.baseUrl}/health/ready`)
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} not ready after ${timeoutMs} ms (last status ${status})\n${this.tail()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** SIGTERM (graceful: consumer leaves its group, outbox drained), then SIGKILL if it hangs. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
  }
}

export interface RunningProducers {
  identity: ServiceProcess;
  networkAccess: ServiceProcess;
  radius: { authPort: number; acctPort: number };
  /** The last output lines of both services, for failure messages. */
  diagnostics(): string;
  /** Stops both processes and drops both databases; tolerates a partial start. */
  close(): Promise<void>;
}

/**
 * Starts identity and network-access (in parallel) on throwaway databases `t_<suite>_<service>_<suffix>`,
 * random HTTP ports, random RADIUS ports on 127.0.0.1 and the given topic prefix, and waits until both
 * are ready.
 */
export async function startProducers(
  suite: string,
  suffix: string,
  topicPrefix: string,
  readyTimeoutMs = 60_000,
): Promise<RunningProducers> {
  const [identityPort, networkAccessPort] = await freePorts(2, 'tcp');
  const [authPort, acctPort] = await freePorts(2, 'udp');
  const common = { KAFKA_TOPIC_PREFIX: topicPrefix };
  const identity = new ServiceProcess('identity', testDatabase(`${suite}_idn`, suffix), identityPort!, {
    ...common,
    // Periodic Keycloak jobs would only add noise (and Keycloak load) to a short run.
    RECONCILE_INTERVAL_MINUTES: '0',
    DORMANT_CHECK_INTERVAL_MINUTES: '0',
  });
  const networkAccess = new ServiceProcess(
    'network-access',
    testDatabase(`${suite}_net`, suffix),
    networkAccessPort!,
    {
      ...common,
      RADIUS_HOST: '127.0.0.1',
      RADIUS_AUTH_PORT: String(authPort),
      RADIUS_ACCT_PORT: String(acctPort),
      STALE_SWEEP_INTERVAL_SECONDS: '0',
      PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
      SEED_DEMO_NETWORK: 'false',
    },
  );
  const services = [identity, networkAccess];
  const producers: RunningProducers = {
    identity,
    networkAccess,
    radius: { authPort: authPort!, acctPort: acctPort! },
    diagnostics: () => services.map((service) => service.tail()).join('\n'),
    close: async () => {
      await Promise.all(services.map((service) => service.stop()));
      for (const service of services) await service.database.drop();
    },
  };
  try {
    await Promise.all(services.map((service) => service.ready(readyTimeoutMs)));
  } catch (error) {
    await producers.close();
    throw error;
  }
  return producers;
}

/** Calls a service's REST API with a bearer token; any status but `expected` fails with the answer. */
export async function callApi<T>(
  service: ServiceProcess,
  token: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body: unknown,
  expected: number,
): Promise<T> {
  const response = await fetch(`${service.baseUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`${service.name} ${method} ${url}: expected ${expected}, got ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface RadiusAnswer {
  /** e.g. Access-Accept, or null when no reply came. */
  code: string | null;
  attributes: Record<string, string>;
  output: string;
}

/**
 * Sends one request with FreeRADIUS's `radclient` (Debian freeradius-utils) to 127.0.0.1. `sourceIp`
 * (a loopback alias such as 127.0.0.2) makes the packet come from another NAS.
 */
export function radclient(request: {
  port: number;
  kind: 'auth' | 'acct';
  secret: string;
  attributes: string[];
  sourceIp?: string;
}): Promise<RadiusAnswer> {
  return new Promise((resolve, reject) => {
    // One retry after 3 s: a PAP check waits on Keycloak, which is slower than radclient's 1 s default.
    const child = spawn('radclient', [
      '-x',
      '-r',
      '1',
      '-t',
      '3',
      `127.0.0.1:${request.port}`,
      request.kind,
      request.secret,
    ]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) =>
      reject(new Error(`radclient could not run (apt install freeradius-utils): ${error.message}`)),
    );
    child.on('close', () => {
      const received = /^Received (\S+) Id/m.exec(output);
      const attributes: Record<string, string> = {};
      if (received) {
        for (const match of output.slice(received.index).matchAll(/^\t([A-Za-z0-9-]+)(?::\d+)? = (.*)$/gm))
          attributes[match[1]!] = match[2]!.replace(/^"|"$/g, '');
      }
      resolve({ code: received ? received[1]! : null, attributes, output });
    });
    const source = request.sourceIp ? [`Packet-Src-IP-Address = ${request.sourceIp}`] : [];
    child.stdin.end(`${[...request.attributes, ...source].join('\n')}\n`);
  });
}

/**
 * Deletes the Keycloak accounts identity provisioned for these usernames, through the Admin REST API as
 * identity's own service account (`edubase-identity`, the demo realm's secret unless overridden).
 */
export async function deleteKeycloakAccounts(usernames: readonly string[]): Promise<void> {
  if (usernames.length === 0) return;
  const login = await fetch(`${KEYCLOAK_URL}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: process.env.KEYCLOAK_ADMIN_CLIENT_ID ?? 'edubase-identity',
      client_secret: process.env.KEYCLOAK_ADMIN_CLIENT_SECRET ?? 'edubase-identity-secret',
    }),
  });
  if (!login.ok) throw new Error(`Keycloak admin login failed: ${login.status} ${await login.text()}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const admin = `${KEYCLOAK_URL}/admin/realms/${REALM}/users`;
  const headers = { authorization: `Bearer ${token}` };
  for (const username of usernames) {
    const search = await fetch(`${admin}?exact=true&username=${encodeURIComponent(username)}`, { headers });
    if (!search.ok) throw new Error(`Keycloak user search failed: ${search.status} ${await search.text()}`);
    for (const { id } of (await search.json()) as Array<{ id: string }>) {
      const deleted = await fetch(`${admin}/${encodeURIComponent(id)}`, { method: 'DELETE', headers });
      if (!deleted.ok && deleted.status !== 404)
        throw new Error(`deleting Keycloak user ${username} failed: ${deleted.status}`);
    }
  }
}
