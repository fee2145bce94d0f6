import path from 'node:path';
import {
  assertBuiltFromSources,
  freePorts,
  KAFKA_BROKERS,
  KEYCLOAK_URL,
  MARIADB,
  repositoryRoot,
  waitFor,
} from '@edubase/testing';
import { SupervisedService } from '../supervisor';

const ROOT = repositoryRoot();

export const SCALED_SERVICES = ['identity', 'network-access', 'cockpit'] as const;
export type ScaledService = (typeof SCALED_SERVICES)[number];

export interface ScaledPlatform {
  /** Two instances of each service, [A, B], on the same database, topics and consumer groups. */
  instances: Record<ScaledService, [SupervisedService, SupervisedService]>;
  databases: Record<ScaledService, string>;
  topicPrefix: string;
  /** The RADIUS ports both network-access instances share (SO_REUSEPORT). */
  radius: { auth: number; acct: number };
  allReady(): Promise<boolean>;
  diagnostics(): string;
  stop(): Promise<void>;
}

/**
 * identity, network-access and the cockpit twice each, from dist/ under a restarting supervisor, on the
 * shared MariaDB, Kafka and Keycloak (only services are killed here) with databases and a topic prefix of
 * this run's own. Instance B of each starts once A has migrated its database, as a rollout's migration Job
 * runs before the pods.
 */
export async function startScaledPlatform(runId: string): Promise<ScaledPlatform> {
  assertBuiltFromSources([
    'libs/contracts/src',
    ...['auth', 'config', 'http', 'messaging', 'persistence', 'service', 'telemetry'].map(
      (lib) => `libs/platform/${lib}/src`,
    ),
    ...SCALED_SERVICES.map((name) => `apps/${name}/src`),
  ]);
  const databases: Record<ScaledService, string> = {
    identity: `t_scaleout_${runId}_identity`,
    'network-access': `t_scaleout_${runId}_netaccess`,
    cockpit: `t_scaleout_${runId}_cockpit`,
  };
  const topicPrefix = `t-scaleout-${runId}.`;
  const httpPorts = await freePorts(6);
  const [authPort, acctPort, syslogUdp] = await freePorts(3, 'udp');
  const [syslogTcp] = await freePorts(1);
  const env = (name: ScaledService): Record<string, string> => ({
    DB_HOST: MARIADB.host,
    DB_PORT: String(MARIADB.port),
    DB_USER: MARIADB.user,
    DB_PASSWORD: MARIADB.password,
    DB_NAME: databases[name],
    KAFKA_BROKERS: KAFKA_BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KEYCLOAK_URL,
    KEYCLOAK_REALM: 'edubase',
    LOG_LEVEL: 'warn',
    ...{
      identity: {
        RECONCILE_INTERVAL_MINUTES: '0',
        DORMANT_CHECK_INTERVAL_MINUTES: '0',
        KEYCLOAK_CHANGE_POLL_SECONDS: '0',
      },
      'network-access': {
        RADIUS_HOST: '127.0.0.1',
        RADIUS_AUTH_PORT: String(authPort),
        RADIUS_ACCT_PORT: String(acctPort),
        NAT_SYSLOG_HOST: '127.0.0.1',
        NAT_SYSLOG_UDP_PORT: String(syslogUdp),
        NAT_SYSLOG_TCP_PORT: String(syslogTcp),
        SOCKET_REUSE_PORT: 'true',
        // Both instances schedule these; the test runs them often to see that only one runs at a time.
        STALE_SWEEP_INTERVAL_SECONDS: '5',
        SEED_DEMO_NETWORK: 'false',
        SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
        SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
      },
      cockpit: {},
    }[name],
  });
  let next = 0;
  const supervise = (name: ScaledService, instance: 'a' | 'b') =>
    new SupervisedService({
      name: `${name}-${instance}`,
      entry: path.join(ROOT, 'dist/apps', name, 'src/main.js'),
      preload: path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js'),
      port: httpPorts[next++]!,
      env: env(name),
    });
  const first = Object.fromEntries(SCALED_SERVICES.map((name) => [name, supervise(name, 'a')])) as Record<
    ScaledService,
    SupervisedService
  >;
  const all = (): SupervisedService[] => Object.values(instances).flat();
  const instances = {} as Record<ScaledService, [SupervisedService, SupervisedService]>;
  for (const name of SCALED_SERVICES) instances[name] = [first[name], first[name]];
  await waitFor(
    'instance A of each service ready',
    240_000,
    async () => {
      return (await Promise.all(Object.values(first).map((service) => service.isReady()))).every(Boolean);
    },
    { intervalMs: 1_000 },
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}\n${Object.values(first)
        .map((service) => service.tail())
        .join('\n')}`,
    );
  });
  for (const name of SCALED_SERVICES) instances[name] = [first[name], supervise(name, 'b')];
  const platform: ScaledPlatform = {
    instances,
    databases,
    topicPrefix,
    radius: { auth: authPort!, acct: acctPort! },
    async allReady() {
      return (await Promise.all(all().map((service) => service.isReady()))).every(Boolean);
    },
    diagnostics: () =>
      all()
        .map((service) => service.tail(30))
        .join('\n'),
    async stop() {
      await Promise.all(all().map((service) => service.stop()));
    },
  };
  await waitFor('every instance ready', 240_000, () => platform.allReady(), { intervalMs: 1_000 }).catch(
    (error: Error) => {
      throw new Error(`${error.message}\n${platform.diagnostics()}`);
    },
  );
  return platform;
}
