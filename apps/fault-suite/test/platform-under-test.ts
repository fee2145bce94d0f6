import path from 'node:path';
import { assertBuiltFromSources, freePorts, repositoryRoot } from '@edubase/testing';
import type { PrivateInfra } from './private-infra';
import { SupervisedService } from './supervisor';

const ROOT = repositoryRoot();

export const SERVICE_NAMES = ['identity', 'network-access', 'cockpit'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Each service's database in the private MariaDB. */
export const DATABASES: Record<ServiceName, string> = {
  identity: 'edubase_identity',
  'network-access': 'edubase_netaccess',
  cockpit: 'edubase_cockpit',
};

export interface PlatformUnderTest {
  services: Record<ServiceName, SupervisedService>;
  radius: { auth: number; acct: number };
  allReady(): Promise<boolean>;
  diagnostics(): string;
  stop(): Promise<void>;
}

/**
 * identity, network-access and the cockpit as production runs them (compiled dist/, telemetry preload),
 * each under a supervisor, pointed at the suite's private MariaDB, Kafka and Keycloak.
 */
export async function startPlatform(infra: PrivateInfra): Promise<PlatformUnderTest> {
  assertBuiltFromSources([
    'libs/contracts/src',
    ...['auth', 'config', 'http', 'messaging', 'persistence', 'service', 'telemetry', 'uploads'].map(
      (lib) => `libs/platform/${lib}/src`,
    ),
    ...SERVICE_NAMES.map((name) => `apps/${name}/src`),
  ]);
  const [identityPort, networkAccessPort, cockpitPort] = await freePorts(3);
  const [authPort, acctPort] = await freePorts(2, 'udp');
  const common = (name: ServiceName) => ({
    DB_HOST: '127.0.0.1',
    DB_PORT: String(infra.ports.db),
    DB_USER: 'root',
    DB_PASSWORD: '',
    DB_NAME: DATABASES[name],
    KAFKA_BROKERS: infra.kafkaBrokers,
    KEYCLOAK_URL: infra.keycloakUrl,
    KEYCLOAK_REALM: 'edubase',
    LOG_LEVEL: 'warn',
  });
  const supervise = (name: ServiceName, port: number, env: Record<string, string>) =>
    new SupervisedService({
      name,
      entry: path.join(ROOT, 'dist/apps', name, 'src/main.js'),
      preload: path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js'),
      port,
      env: { ...common(name), ...env },
    });
  const services: Record<ServiceName, SupervisedService> = {
    identity: supervise('identity', identityPort!, {
      RECONCILE_INTERVAL_MINUTES: '0',
      DORMANT_CHECK_INTERVAL_MINUTES: '0',
      // Reading a roster file is cut off after 10 s by default; two cores shared by a dozen busy processes
      // need longer for the suite's file, and the limit is not what this suite tests.
      UPLOAD_MAX_WALL_MS: '60000',
    }),
    'network-access': supervise('network-access', networkAccessPort!, {
      RADIUS_HOST: '127.0.0.1',
      RADIUS_AUTH_PORT: String(authPort),
      RADIUS_ACCT_PORT: String(acctPort),
      STALE_SWEEP_INTERVAL_SECONDS: '0',
      PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
      SEED_DEMO_NETWORK: 'false',
      SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
      SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
    }),
    cockpit: supervise('cockpit', cockpitPort!, {}),
  };
  const all = Object.values(services);
  return {
    services,
    radius: { auth: authPort!, acct: acctPort! },
    async allReady() {
      return (await Promise.all(all.map((service) => service.isReady()))).every(Boolean);
    },
    diagnostics: () => all.map((service) => service.tail()).join('\n'),
    async stop() {
      await Promise.all(all.map((service) => service.stop()));
    },
  };
}
