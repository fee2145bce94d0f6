import path from 'node:path';
import { assertBuiltFromSources } from './built-sources';
import { KAFKA_BROKERS, KEYCLOAK_REALM, KEYCLOAK_URL, repositoryRoot } from './infrastructure';
import { freePorts, ServiceProcess, spawnService } from './service-process';
import { clientCredentialsToken } from './keycloak-tokens';
import { TemporaryDatabase } from './temporary-database';

/**
 * The platform's real services for suites that need them whole (the cockpit's event producers, the staff
 * console's APIs): identity and network-access, run as they run in production: child
 * processes of their compiled `dist/` under the telemetry preload (Jest-loaded modules cannot be
 * auto-instrumented, and an in-process app would not be the deployable). Each gets its own throwaway
 * database, random ports and the caller's Kafka topic prefix, so it talks only to the suite's own consumers.
 */

const ROOT = repositoryRoot();
const PRELOAD = path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js');
/** The libraries the services' compiled code loads (the telemetry preload included). */
const LIBRARY_SOURCES = [
  'libs/contracts/src',
  ...['auth', 'config', 'http', 'messaging', 'persistence', 'telemetry'].map(
    (lib) => `libs/platform/${lib}/src`,
  ),
];

export type ProducerName = 'identity' | 'network-access';
/** Services a suite may run one at a time beside the producers (`startPlatformService`). */
export type PlatformServiceName = ProducerName | 'governance';

/**
 * Fails with what to do when a service's compiled code in `dist/` is missing or older than a source it is
 * built from (its own sources and the libraries'): the children would otherwise run yesterday's code.
 */
export function assertProducersBuilt(services: readonly PlatformServiceName[]): void {
  assertBuiltFromSources([...LIBRARY_SOURCES, ...services.map((service) => `apps/${service}/src`)]);
}

function spawnProducer(
  name: PlatformServiceName,
  database: TemporaryDatabase,
  port: number,
  env: Record<string, string>,
): ServiceProcess {
  // Spans are made (trace ids in logs, traceparent on Kafka) but exported only where `env` says.
  return spawnService({
    name,
    entry: path.join(ROOT, 'dist/apps', name, 'src/main.js'),
    preload: PRELOAD,
    port,
    env: {
      ...database.env,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      KEYCLOAK_URL,
      KEYCLOAK_REALM,
      ...env,
    },
  });
}

export interface RunningProducers {
  identity: ServiceProcess;
  networkAccess: ServiceProcess;
  /** Each service's throwaway database. */
  databases: { identity: TemporaryDatabase; networkAccess: TemporaryDatabase };
  radius: { authPort: number; acctPort: number };
  /** The last output lines of both services, for failure messages. */
  diagnostics(): string;
  /** Stops both processes and drops both databases; tolerates a partial start. */
  close(): Promise<void>;
}

/**
 * Starts identity and network-access (in parallel) on throwaway databases `t_<suite>_<service>_<suffix>`,
 * random HTTP ports, random RADIUS ports on 127.0.0.1 and the given topic prefix, and waits until both
 * are ready. `env` is added to both (e.g. OTEL_EXPORTER_ZIPKIN_ENDPOINT).
 */
export async function startProducers(
  suite: string,
  suffix: string,
  topicPrefix: string,
  readyTimeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<RunningProducers> {
  const [identityPort, networkAccessPort] = await freePorts(2);
  const [authPort, acctPort] = await freePorts(2, 'udp');
  const databases = {
    identity: new TemporaryDatabase(`${suite}_idn`, suffix),
    networkAccess: new TemporaryDatabase(`${suite}_net`, suffix),
  };
  const common = { ...env, KAFKA_TOPIC_PREFIX: topicPrefix };
  const identity = spawnProducer('identity', databases.identity, identityPort!, {
    ...common,
    // Periodic Keycloak jobs would only add noise (and Keycloak load) to a short run.
    RECONCILE_INTERVAL_MINUTES: '0',
    DORMANT_CHECK_INTERVAL_MINUTES: '0',
  });
  // The caller's env comes last: a suite may want NAT syslog on a port it knows (the console's trace page).
  const networkAccess = spawnProducer('network-access', databases.networkAccess, networkAccessPort!, {
    RADIUS_HOST: '127.0.0.1',
    // NAT syslog on free ports: the default 5514 may be held by `npm start` or another suite's service.
    NAT_SYSLOG_HOST: '127.0.0.1',
    NAT_SYSLOG_UDP_PORT: '0',
    NAT_SYSLOG_TCP_PORT: '0',
    STALE_SWEEP_INTERVAL_SECONDS: '0',
    PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
    SEED_DEMO_NETWORK: 'false',
    ...common,
    RADIUS_AUTH_PORT: String(authPort),
    RADIUS_ACCT_PORT: String(acctPort),
  });
  const services = [identity, networkAccess];
  const producers: RunningProducers = {
    identity,
    networkAccess,
    databases,
    radius: { authPort: authPort!, acctPort: acctPort! },
    diagnostics: () => services.map((service) => service.tail()).join('\n'),
    close: async () => {
      await Promise.all(services.map((service) => service.stop()));
      for (const database of Object.values(databases)) await database.drop();
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

/** One service of its own beside the producers: as they are run, on database `t_<suite>_<suffix>`. */
export interface RunningService {
  service: ServiceProcess;
  database: TemporaryDatabase;
  close(): Promise<void>;
}

/**
 * Starts one more platform service (e.g. governance for the console's governance pages) from `dist/`, on a
 * throwaway database, a random port and the suite's topic prefix, and waits until it is ready.
 */
export async function startPlatformService(
  name: PlatformServiceName,
  suite: string,
  suffix: string,
  topicPrefix: string,
  env: Record<string, string> = {},
  readyTimeoutMs = 60_000,
): Promise<RunningService> {
  const [port] = await freePorts(1);
  const database = new TemporaryDatabase(suite, suffix);
  const service = spawnProducer(name, database, port!, { ...env, KAFKA_TOPIC_PREFIX: topicPrefix });
  const running: RunningService = {
    service,
    database,
    close: async () => {
      await service.stop();
      await database.drop();
    },
  };
  try {
    await service.ready(readyTimeoutMs);
  } catch (error) {
    await running.close();
    throw error;
  }
  return running;
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

/**
 * Deletes the Keycloak accounts identity provisioned for these usernames, through the Admin REST API as
 * identity's own service account (`edubase-identity`, the demo realm's secret unless overridden).
 */
export async function deleteKeycloakAccounts(usernames: readonly string[]): Promise<void> {
  if (usernames.length === 0) return;
  const token = await clientCredentialsToken(
    process.env.KEYCLOAK_ADMIN_CLIENT_ID ?? 'edubase-identity',
    process.env.KEYCLOAK_ADMIN_CLIENT_SECRET ?? 'edubase-identity-secret',
  );
  const admin = `${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/users`;
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
