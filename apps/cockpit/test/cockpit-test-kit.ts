import { buildEnvelope, EventEnvelope, PayloadOf, Topic } from '@edubase/contracts';
import { createKafka, kafkaTopicName } from '@edubase/messaging';
import { KAFKA_BROKERS, TemporaryDatabase } from '@edubase/testing';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { cockpitDataSourceOptions } from '../src/database/data-source';
import type { EnvelopeOf } from '../src/projections/indicator-projector';
import { projectionTables } from '../src/projections/projectors';

/**
 * Cockpit-specific test support for its integration suites and bench (real MariaDB, Kafka and Keycloak);
 * what every service's tests need comes from @edubase/testing.
 */

/** An envelope of any consumed topic. */
export type AnyEnvelope = EnvelopeOf<Topic>;

/** Creates the database and migrates it to the cockpit's schema. */
export async function openCockpitDatabase(database: TemporaryDatabase): Promise<DataSource> {
  await database.create();
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

/** A RADIUS session start at the school's NAS `nas-<schoolCode>`, as network-access publishes it. */
export function sessionStartedEvent(session: {
  sessionId: string;
  schoolCode: string;
  username: string;
  at: Date;
  framedIp?: string | null;
}): EventEnvelope<'netaccess.session.started.v1'> {
  return event(
    'netaccess.session.started.v1',
    {
      sessionId: session.sessionId,
      username: session.username,
      personId: null,
      terminalId: null,
      macAddress: null,
      nasId: `nas-${session.schoolCode}`,
      nasIp: '10.1.1.1',
      nasPort: null,
      framedIp: session.framedIp ?? null,
      startedAt: session.at.toISOString(),
    },
    { schoolCode: session.schoolCode, occurredAt: session.at },
  );
}

/** Every projection table's rows in a stable order: two equal snapshots mean identical projections. */
export async function projectionSnapshot(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of projectionTables) {
    const rows = await dataSource.query<Array<Record<string, unknown>>>(`SELECT * FROM ${table.sql}`);
    snapshot[table.name] = rows
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row) as unknown);
  }
  return snapshot;
}
