import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Where the integration tests find what `npm run infra:up` starts. Keycloak and Kafka follow the same
// variables as the services (so a suite can point both at another instance); MariaDB is the loopback root
// account the infra script sets up, which every service's config also defaults to.
export const KEYCLOAK_URL = process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080';
export const KEYCLOAK_REALM = 'edubase';
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' } as const;
/** The password of every demo account in the realm (district.admin, leader1, admin.<学校标识码>, …). */
export const DEMO_PASSWORD = 'Passw0rd!';

/** The checkout's root (where nx.json is), from the sources under Jest as from their build in dist/. */
export function repositoryRoot(): string {
  for (let directory = __dirname; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, 'nx.json'))) return directory;
    if (path.dirname(directory) === directory) throw new Error(`no nx.json above ${__dirname}`);
  }
}

export type InfraService = 'mariadb' | 'kafka' | 'keycloak' | 'zipkin' | 'mail';

interface InfraApi {
  up(names: InfraService[]): Promise<unknown>;
  killKafka(): Promise<unknown>;
  readState(): { zipkin?: { url?: string; spansUrl?: string }; mail?: { messagesUrl?: string } };
}

// The infra script is an ES module; its CommonJS facade runs it in a child process (Jest cannot import ESM).
function infraApi(): InfraApi {
  const facade = path.join(repositoryRoot(), 'tools/infra/infra-api.cjs');
  return createRequire(__filename)(facade) as InfraApi;
}

/** Starts whichever of these is not running (a no-op when all are up); for suites that kill the broker. */
export async function ensureInfraUp(services: InfraService[]): Promise<void> {
  await infraApi().up(services);
}

/** Kills the Kafka broker without a clean shutdown, as a crash would. */
export async function killKafka(): Promise<void> {
  await infraApi().killKafka();
}

/**
 * The Zipkin `infra:up` runs (started here when it is not, e.g. infra started by an older checkout): its base
 * URL, for the query API, and where services POST spans (OTEL_EXPORTER_ZIPKIN_ENDPOINT).
 */
export async function ensureZipkin(): Promise<{ url: string; spansUrl: string }> {
  const infra = infraApi();
  await infra.up(['zipkin']);
  const { url, spansUrl } = infra.readState().zipkin ?? {};
  if (!url || !spansUrl) throw new Error('infra up zipkin left no zipkin endpoint in .edubase/state.json');
  return { url, spansUrl };
}

/** A mail the demo sink received (tools/infra/mail-sink.mjs). */
export interface SinkMail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html: string | null;
}

/**
 * The demo mail sink `infra:up` runs (started here when it is not), where the dev realm's Keycloak sends its
 * mails: `mailsTo(address)` reads what reached one address, newest first.
 */
export async function ensureMailSink(): Promise<{ mailsTo(address: string): Promise<SinkMail[]> }> {
  const infra = infraApi();
  await infra.up(['mail']);
  const messagesUrl = infra.readState().mail?.messagesUrl;
  if (!messagesUrl) throw new Error('infra up mail left no mail endpoint in .edubase/state.json');
  return {
    async mailsTo(address) {
      const response = await fetch(`${messagesUrl}?to=${encodeURIComponent(address)}`);
      if (!response.ok) throw new Error(`mail sink answered ${response.status}`);
      return (await response.json()) as SinkMail[];
    },
  };
}
