// The deployables, one JSON file each under deploy/apps/: adding an app to production is adding its file
// (the service generator writes one) and running `npm run deploy:generate`. Everything a manifest needs
// that the service itself already states (HTTP port, database, RADIUS ports) is read from its config
// class, so the two cannot disagree.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@edubase/config';

export const root = path.resolve(__dirname, '../..');

export interface ServiceDescriptor {
  name: string;
  kind: 'service';
  title: string;
  /** `<file>#<ExportedClass>`: the service's one config class. */
  configClass: string;
  /** First segment of the topics this service produces (its contracts folder); none: it produces nothing. */
  eventDomain?: string;
  /** Topics it consumes, or every topic of the registry (the cockpit). */
  consumes: string[] | 'all';
  /**
   * Groups allowed by prefix: the cockpit rebuilds into fresh groups named `<prefix>-<time>`, and a service
   * whose pods each listen for every event (`InstanceListener`) adds `<group>.instance.<host>.<pid>`. Without
   * it, one literal group named after the service.
   */
  consumerGroupPrefix?: string;
  /** Config variables carrying a UDP port exposed to the NAS range (RADIUS). */
  udp?: string[];
  /** Web apps built into this service's image and served by it. */
  serves?: string[];
  /**
   * Services whose HTTP API it calls inside the cluster (governance asks each service's audit chain):
   * each must be a service of deploy/apps; the network policies let exactly these calls through.
   */
  calls?: string[];
  /** The variable that receives the called services' addresses, `name=url,…` (each environment's own). */
  callsEnv?: string;
  /** Left-most DNS label of its public host name: `<ingressHost>.<domain>`. */
  ingressHost: string;
  /** Non-secret variables that differ from the config class's defaults in every environment. */
  env: Record<string, string>;
  /** Variables taken from a Secret: variable name → Secret name (key `value`). Never a value here. */
  secretEnv: Record<string, string>;
  replicas: { min: number; max: number };
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
}

export interface WebDescriptor {
  name: string;
  kind: 'web';
  title: string;
  /** A service that serves this app's bundle from its own image (same origin, no own Deployment). */
  servedBy?: string;
  /** Host port of its compose service (its `npm start` port); the container listens on 8080. */
  port?: number;
  ingressHost?: string;
  replicas?: { min: number; max: number };
}

/**
 * A stateless Node HTTP app in front of the services (the staff console): no database, Kafka or secret.
 * Its config class has HTTP_PORT and a static `upstreams` ({ name, env }[]: the services it calls, each
 * with the variable holding its base URL); each upstream is a service of deploy/apps.
 */
export interface GatewayDescriptor {
  name: string;
  kind: 'gateway';
  title: string;
  /** `<file>#<ExportedClass>`: the app's one config class. */
  configClass: string;
  /** Web apps built into its image and served by it. */
  serves?: string[];
  ingressHost: string;
  /** Non-secret variables that differ from the config class's defaults in every environment. */
  env: Record<string, string>;
  replicas: { min: number; max: number };
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
}

export type AppDescriptor = ServiceDescriptor | GatewayDescriptor | WebDescriptor;
/** A web app with its own Deployment (static files from nginx): no service serves it. */
export type StandaloneWeb = WebDescriptor & { ingressHost: string };

export interface ServiceFacts {
  httpPort: number;
  database: string;
  udpPorts: Array<{ variable: string; port: number }>;
  /** Every variable the config class reads (its validated properties). */
  variables: Set<string>;
}

export function readDescriptors(): AppDescriptor[] {
  const dir = path.join(root, 'deploy', 'apps');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as AppDescriptor);
}

export const servicesOf = (apps: AppDescriptor[]): ServiceDescriptor[] =>
  apps.filter((app): app is ServiceDescriptor => app.kind === 'service');

export const gatewaysOf = (apps: AppDescriptor[]): GatewayDescriptor[] =>
  apps.filter((app): app is GatewayDescriptor => app.kind === 'gateway');

export function standaloneWebsOf(apps: AppDescriptor[]): StandaloneWeb[] {
  return apps.filter((app): app is StandaloneWeb => {
    if (app.kind !== 'web' || app.servedBy) return false;
    if (!app.ingressHost)
      throw new Error(`deploy/apps/${app.name}.json: a web app no service serves needs ingressHost`);
    return true;
  });
}

export function configClassOf(app: { configClass: string }): new () => object {
  const [file, exported] = app.configClass.split('#');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class is named by the descriptor
  const module = require(path.join(root, file!)) as Record<string, new () => object>;
  const configClass = module[exported!];
  if (!configClass) throw new Error(`${app.configClass}: no such export`);
  return configClass;
}

/** Names class-validator knows for the class (decorated properties, inherited ones included). */
function validatedProperties(configClass: new () => object): Set<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- class-validator's own metadata store
  const { getMetadataStorage } = require('class-validator') as typeof import('class-validator');
  const metadata = getMetadataStorage().getTargetValidationMetadatas(configClass, '', true, false);
  return new Set(metadata.map((entry) => entry.propertyName));
}

export function serviceFacts(service: ServiceDescriptor): ServiceFacts {
  const configClass = configClassOf(service);
  const config = loadConfig(configClass, {}) as Record<string, unknown>;
  const udpPorts = (service.udp ?? []).map((variable) => ({ variable, port: Number(config[variable]) }));
  return {
    httpPort: Number(config.HTTP_PORT),
    database: String(config.DB_NAME),
    udpPorts,
    variables: validatedProperties(configClass),
  };
}

export interface GatewayFacts {
  httpPort: number;
  /** The services it calls and the variable holding each one's base URL (its config class's `upstreams`). */
  upstreams: Array<{ name: string; env: string }>;
  variables: Set<string>;
}

export function gatewayFacts(gateway: GatewayDescriptor): GatewayFacts {
  const configClass = configClassOf(gateway) as (new () => object) & {
    upstreams?: ReadonlyArray<{ name: string; env: string }>;
  };
  if (!configClass.upstreams) throw new Error(`${gateway.configClass}: no static upstreams`);
  const config = loadConfig(configClass, {}) as Record<string, unknown>;
  return {
    httpPort: Number(config.HTTP_PORT),
    upstreams: configClass.upstreams.map(({ name, env }) => ({ name, env })),
    variables: validatedProperties(configClass),
  };
}

const appModuleOf = (service: ServiceDescriptor): string =>
  readFileSync(path.join(root, 'apps', service.name, 'src', 'app.module.ts'), 'utf8');

/**
 * Whether the service keeps a tamper-evident audit chain (`auditChain: true` in its ServiceModule), and so
 * publishes the platform's chain anchors beside its own domain's events.
 */
export function keepsAuditChain(service: ServiceDescriptor): boolean {
  return /\bauditChain:\s*true\b/.test(appModuleOf(service));
}

/**
 * Whether the service has the kit's messaging (not `messaging: false`), and so describes its tables to
 * governance's catalog at start-up (`catalog.service.described.v1`).
 */
export function describesItsTables(service: ServiceDescriptor): boolean {
  return !/\bmessaging:\s*false\b/.test(appModuleOf(service));
}

/** `callsEnv` filled in: the called services as `name=<url>`, with the URL a caller uses in that environment. */
export function callsEnvOf(
  service: ServiceDescriptor,
  urlOf: (name: string) => string,
): Record<string, string> {
  if (!service.callsEnv || !service.calls?.length) return {};
  return { [service.callsEnv]: service.calls.map((name) => `${name}=${urlOf(name)}`).join(',') };
}
