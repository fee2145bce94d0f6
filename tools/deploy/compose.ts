// deploy/compose/docker-compose.yaml: the whole platform on one host that has Docker (a small district or
// a pilot), generated from the same descriptors as the Kubernetes manifests. Secrets come from an `.env`
// file beside it (deploy/compose/README.md), never from this file.
import { databaseUserOf } from './app-manifests';
import { WEB_PORT } from './web-manifests';
import {
  callsEnvOf,
  type GatewayDescriptor,
  type GatewayFacts,
  type ServiceDescriptor,
  type ServiceFacts,
  type StandaloneWeb,
} from './apps';

const envVariable = (name: string): string =>
  `\${${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}:?set it in .env}`;

export function composeFile(
  services: Array<{ service: ServiceDescriptor; facts: ServiceFacts }>,
  webs: StandaloneWeb[] = [],
  gateways: Array<{ gateway: GatewayDescriptor; facts: GatewayFacts }> = [],
): object {
  const platform = {
    NODE_ENV: 'production',
    HTTP_HOST: '0.0.0.0',
    DB_HOST: 'mariadb',
    DB_PORT: '3306',
    KAFKA_BROKERS: 'kafka:9092',
    KEYCLOAK_URL: '${KEYCLOAK_PUBLIC_URL:?set it in .env}',
    KEYCLOAK_REALM: 'edubase',
  };
  const apps = Object.fromEntries(
    services.map(({ service, facts }) => [
      service.name,
      {
        image: `\${REGISTRY:-edubase}/${service.name}:\${TAG:-latest}`,
        build: {
          context: '../..',
          dockerfile: 'deploy/docker/service.Dockerfile',
          args: { APP: service.name, HTTP_PORT: String(facts.httpPort) },
        },
        restart: 'unless-stopped',
        read_only: true,
        user: '1000:1000',
        cap_drop: ['ALL'],
        security_opt: ['no-new-privileges:true'],
        tmpfs: ['/tmp'],
        environment: {
          ...platform,
          DB_NAME: facts.database,
          DB_USER: databaseUserOf(service),
          DB_PASSWORD: envVariable(`${service.name}_db_password`),
          ...service.env,
          ...callsEnvOf(service, (name) => {
            const called = services.find((entry) => entry.service.name === name);
            if (!called)
              throw new Error(`${service.name}: calls ${name}, which is no service of deploy/apps`);
            return `http://${name}:${called.facts.httpPort}`;
          }),
          ...Object.fromEntries(
            Object.keys(service.secretEnv).map((name) => [name, envVariable(`${service.name}_${name}`)]),
          ),
        },
        ports: [
          `127.0.0.1:${facts.httpPort}:${facts.httpPort}`,
          ...facts.udpPorts.map(({ port }) => `${port}:${port}/udp`),
        ],
        depends_on: {
          mariadb: { condition: 'service_healthy' },
          kafka: { condition: 'service_healthy' },
          [`${service.name}-migrate`]: { condition: 'service_completed_successfully' },
        },
      },
    ]),
  );
  const migrations = Object.fromEntries(
    services.map(({ service }) => {
      const app = apps[service.name] as { environment: object };
      return [
        `${service.name}-migrate`,
        {
          image: `\${REGISTRY:-edubase}/${service.name}:\${TAG:-latest}`,
          read_only: true,
          user: '1000:1000',
          entrypoint: ['node', 'tools/db/migrations.mjs', 'migrate', service.name],
          environment: app.environment,
          depends_on: { mariadb: { condition: 'service_healthy' } },
        },
      ];
    }),
  );
  // Stateless: no database or migration; started once the services it relays to answer their health check.
  const gatewayServices = Object.fromEntries(
    gateways.map(({ gateway, facts }) => [
      gateway.name,
      {
        image: `\${REGISTRY:-edubase}/${gateway.name}:\${TAG:-latest}`,
        build: {
          context: '../..',
          dockerfile: 'deploy/docker/service.Dockerfile',
          args: { APP: gateway.name, HTTP_PORT: String(facts.httpPort) },
        },
        restart: 'unless-stopped',
        read_only: true,
        user: '1000:1000',
        cap_drop: ['ALL'],
        security_opt: ['no-new-privileges:true'],
        tmpfs: ['/tmp'],
        environment: {
          NODE_ENV: platform.NODE_ENV,
          HTTP_HOST: platform.HTTP_HOST,
          KEYCLOAK_URL: platform.KEYCLOAK_URL,
          KEYCLOAK_REALM: platform.KEYCLOAK_REALM,
          ...Object.fromEntries(
            facts.upstreams.map(({ name, env }) => {
              const upstream = services.find(({ service }) => service.name === name);
              if (!upstream)
                throw new Error(`${gateway.name}: upstream ${name} is no service of deploy/apps`);
              return [env, `http://${name}:${upstream.facts.httpPort}`];
            }),
          ),
          ...gateway.env,
        },
        ports: [`127.0.0.1:${facts.httpPort}:${facts.httpPort}`],
        depends_on: Object.fromEntries(
          facts.upstreams.map(({ name }) => [name, { condition: 'service_healthy' }]),
        ),
      },
    ]),
  );
  const webServices = Object.fromEntries(
    webs.map((web) => [
      web.name,
      {
        image: `\${REGISTRY:-edubase}/${web.name}:\${TAG:-latest}`,
        build: { context: '../..', dockerfile: 'deploy/docker/web.Dockerfile', args: { APP: web.name } },
        restart: 'unless-stopped',
        read_only: true,
        user: '101:101',
        cap_drop: ['ALL'],
        security_opt: ['no-new-privileges:true'],
        tmpfs: ['/tmp'],
        ports: [`127.0.0.1:${web.port ?? WEB_PORT}:${WEB_PORT}`],
      },
    ]),
  );
  return {
    name: 'edubase',
    services: {
      mariadb: {
        image: 'mariadb:11.8',
        restart: 'unless-stopped',
        environment: { MARIADB_ROOT_PASSWORD: envVariable('mariadb_root_password') },
        command: ['--sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'],
        volumes: ['mariadb:/var/lib/mysql'],
        healthcheck: {
          test: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
          interval: '10s',
          retries: 10,
        },
      },
      kafka: {
        image: 'apache/kafka:4.1.0',
        restart: 'unless-stopped',
        environment: {
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
          KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_LOG_RETENTION_HOURS: '-1',
        },
        volumes: ['kafka:/var/lib/kafka/data'],
        healthcheck: {
          test: ['CMD', '/opt/kafka/bin/kafka-topics.sh', '--bootstrap-server', 'localhost:9092', '--list'],
          interval: '15s',
          retries: 10,
        },
      },
      keycloak: {
        image: 'quay.io/keycloak/keycloak:26.4',
        restart: 'unless-stopped',
        command: [
          'start',
          '--import-realm',
          '--proxy-headers=xforwarded',
          '--hostname=${KEYCLOAK_PUBLIC_URL:?set it in .env}',
        ],
        environment: {
          KC_DB: 'mariadb',
          KC_DB_URL: 'jdbc:mariadb://mariadb:3306/keycloak',
          KC_DB_USERNAME: 'keycloak',
          KC_DB_PASSWORD: envVariable('keycloak_db_password'),
          KC_HTTP_ENABLED: 'true',
        },
        volumes: ['./realm:/opt/keycloak/data/import:ro'],
        depends_on: { mariadb: { condition: 'service_healthy' } },
      },
      ...migrations,
      ...apps,
      ...gatewayServices,
      ...webServices,
    },
    volumes: { mariadb: {}, kafka: {} },
  };
}
