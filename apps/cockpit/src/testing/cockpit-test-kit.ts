import { buildEnvelope, EventEnvelope, PayloadOf, Topic } from '@edubase/contracts';
import { createKafka, kafkaTopicName } from '@edubase/messaging';
import { DatabaseConnection, dropDatabase, ensureDatabaseExists } from '@edubase/persistence';
import type { Kafka, Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { cockpitDataSourceOptions } from '../database/data-source';
import type { EnvelopeOf } from '../projections/indicator-projector';
import { projectionTables } from '../database/migrations';

/** An envelope of any consumed topic. */
export type AnyEnvelope = EnvelopeOf<Topic>;

/** Test support for the cockpit's integration suites and bench: real MariaDB, Kafka and Keycloak. */

export const KEYCLOAK_URL = process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080';
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const DEMO_PASSWORD = 'Passw0rd!';

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

export interface TestDatabase {
  name: string;
  connection: DatabaseConnection;
  settings: { DB_HOST: string; DB_PORT: number; DB_USER: string; DB_PASSWORD: string; DB_NAME: string };
  drop(): Promise<void>;
}

export function testDatabase(suite: string, suffix = uniqueSuffix()): TestDatabase {
  const name = `t_${suite}_${suffix}`;
  const connection = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: name };
  return {
    name,
    connection,
    settings: { DB_HOST: '127.0.0.1', DB_PORT: 3306, DB_USER: 'root', DB_PASSWORD: '', DB_NAME: name },
    drop: () => dropDatabase(connection),
  };
}

export async function openCockpitDatabase(database: TestDatabase): Promise<DataSource> {
  await ensureDatabaseExists(database.connection);
  const dataSource = await new DataSource(cockpitDataSourceOptions(database.settings)).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

export function testKafka(clientId = 'cockpit-test'): Kafka {
  return createKafka({ clientId, brokers: KAFKA_BROKERS });
}

/** Publishes envelopes as the producing services do: JSON value, keyed, to the (prefixed) topic. */
export class EventProducer {
  private producer: Producer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
  ) {}

  async send(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const producer = await this.connected();
    const byTopic = new Map<string, AnyEnvelope[]>();
    for (const envelope of envelopes) {
      const topic = kafkaTopicName(envelope.type, this.topicPrefix);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), envelope]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic,
        messages: list.map((envelope) => ({ key: keyOf(envelope), value: JSON.stringify(envelope) })),
      })),
    });
  }

  /** Raw bytes, for poison/invalid message tests. */
  async sendRaw(topic: Topic, value: string): Promise<void> {
    const producer = await this.connected();
    await producer.send({ topic: kafkaTopicName(topic, this.topicPrefix), messages: [{ value }] });
  }

  private async connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = null;
  }
}

function keyOf(envelope: AnyEnvelope): string {
  const data = envelope.data as Record<string, unknown>;
  for (const field of ['sessionId', 'personId', 'terminalId', 'nasId', 'orgId', 'username'])
    if (typeof data[field] === 'string') return data[field];
  return envelope.id;
}

/** An envelope as the owning service would publish it. */
export function event<T extends Topic>(
  topic: T,
  data: PayloadOf<T>,
  meta: { schoolCode?: string | null; occurredAt?: Date; id?: string } = {},
): EventEnvelope<T> {
  return buildEnvelope(topic, data, {
    source: topic.startsWith('identity.') ? 'identity' : 'network-access',
    schoolCode: meta.schoolCode ?? null,
    ...(meta.occurredAt ? { occurredAt: meta.occurredAt } : {}),
    ...(meta.id ? { id: meta.id } : {}),
  });
}

/** Every projection table's rows in a stable order: two equal snapshots mean identical projections. */
export async function projectionSnapshot(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of projectionTables) {
    const rows = await dataSource.query<Array<Record<string, unknown>>>(`SELECT * FROM \`${table}\``);
    snapshot[table] = rows
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row) as unknown);
  }
  return snapshot;
}

/** A real Keycloak access token (password grant on the test/demo client `edubase-cli`). */
export async function passwordToken(username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${KEYCLOAK_URL}/realms/edubase/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'edubase-cli', username, password }),
  });
  if (!response.ok)
    throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
