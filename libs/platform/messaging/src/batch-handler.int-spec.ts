import { randomBytes } from 'node:crypto';
import { PayloadOf } from '@edubase/contracts';
import {
  createDataSourceOptions,
  DatabaseConnection,
  dropDatabase,
  ensureDatabaseExists,
} from '@edubase/persistence';
import { Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  createKafka,
  DLQ_HEADERS,
  EventConsumer,
  messagingEntities,
  messagingMigrations,
  OutboxPublisher,
  OutboxRelay,
} from './index';

const TOPIC = 'identity.person.updated.v1';
const KEYS = 5;
const EVENTS = 300;

function personUpdate(personId: string, seq: number, name = '测试教师'): PayloadOf<typeof TOPIC> {
  return {
    personId,
    kind: 'staff',
    staffNo: String(seq),
    studentNo: null,
    name,
    schoolCode: '3101010001',
    orgId: null,
    status: 'active',
  };
}

describe('batch handlers (onBatch)', () => {
  const run = randomBytes(4).toString('hex');
  const connection: DatabaseConnection = {
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
    database: `t_messaging_batch_${run}`,
  };
  const topicPrefix = `t${run}.`;
  const kafkaTopic = `${topicPrefix}${TOPIC}`;
  const registry = new Registry();
  const batchSizes: number[] = [];
  const deadLetters: Array<{ value: string; headers: Record<string, string> }> = [];
  let dataSource: DataSource;
  let kafka: Kafka;
  let consumer: EventConsumer;
  let relay: OutboxRelay;
  let rawProducer: Producer;
  let dlqReader: Consumer;

  beforeAll(async () => {
    await ensureDatabaseExists(connection);
    dataSource = new DataSource(
      createDataSourceOptions({ connection, entities: messagingEntities, migrations: messagingMigrations }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(
      `CREATE TABLE person_projection (
         apply_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
         event_id CHAR(36) NOT NULL,
         person_key VARCHAR(50) NOT NULL,
         seq INT NOT NULL
       ) ENGINE=InnoDB`,
    );
    kafka = createKafka({ clientId: `messaging-batch-${run}`, brokers: ['127.0.0.1:9092'] });
    consumer = new EventConsumer({
      dataSource,
      kafka,
      groupId: `messaging-batch-${run}`,
      topicPrefix,
      metricsRegistry: registry,
      maxAttempts: 2,
      retryBackoff: { initialMs: 50, maxMs: 100, jitter: 0 },
    }).onBatch(TOPIC, async (envelopes, manager, deliveries) => {
      // Deliveries line up with envelopes, one per event.
      if (deliveries.some((delivery, index) => delivery.headers['edubase-event-id'] !== envelopes[index]!.id))
        throw new Error('deliveries out of line with envelopes');
      if (envelopes.some((envelope) => envelope.data.name === 'poison'))
        throw new Error('projection refuses poison');
      batchSizes.push(envelopes.length);
      await manager.query('INSERT INTO person_projection (event_id, person_key, seq) VALUES ?', [
        envelopes.map((envelope) => [envelope.id, envelope.data.personId, Number(envelope.data.staffNo)]),
      ]);
    });
    await consumer.start();
    relay = new OutboxRelay({
      dataSource,
      kafka,
      serviceName: 'messaging-batch',
      topicPrefix,
      metricsRegistry: registry,
    });
    relay.start();
    rawProducer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await rawProducer.connect();
    dlqReader = kafka.consumer({ groupId: `messaging-batch-dlq-${run}`, maxWaitTimeInMs: 100 });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: `${kafkaTopic}.dlq`, fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        deadLetters.push({
          value: message.value?.toString() ?? '',
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
        });
      },
    });
    await consumer.whenJoined(60_000);
  }, 120_000);

  afterAll(async () => {
    await dlqReader?.disconnect();
    await rawProducer?.disconnect();
    await consumer?.stop();
    await relay?.stop();
    await dataSource?.destroy();
    await dropDatabase(connection);
  }, 60_000);

  async function waitFor(
    what: string,
    check: () => Promise<boolean> | boolean,
    timeoutMs = 45_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const projected = async (): Promise<number> =>
    Number((await dataSource.query('SELECT COUNT(*) AS n FROM person_projection'))[0].n);

  const counter = async (name: string): Promise<number> =>
    ((await registry.getMetricsAsJSON()).find((metric) => metric.name === name)?.values ?? []).reduce(
      (sum, entry) => sum + entry.value,
      0,
    );

  it('applies runs of events per call, skips redelivered ids, dead-letters only the poison event, keeps key order', async () => {
    const publisher = new OutboxPublisher('messaging-batch');
    // Written before the relay may send them, so the consumer gets multi-event runs.
    const seq = new Array<number>(KEYS).fill(0);
    let poisonId = '';
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < EVENTS; i += 1) {
        const key = i % KEYS;
        seq[key] = seq[key]! + 1;
        const poison = i === EVENTS / 2;
        const [envelope] = await publisher.publishMany(manager, TOPIC, [
          {
            aggregateKey: `person-${key}`,
            // The poison event does not advance its key's sequence in the projection.
            data: personUpdate(`person-${key}`, poison ? 0 : seq[key]!, poison ? 'poison' : undefined),
          },
        ]);
        if (poison) {
          poisonId = envelope!.id;
          seq[key] = seq[key]! - 1;
        }
      }
    });
    await waitFor('all valid events projected', async () => (await projected()) >= EVENTS - 1);
    await waitFor('the poison event in the DLQ', () => deadLetters.length >= 1);

    // A redelivery of an applied event (the same bytes again) must be skipped, not applied twice.
    const [first] = (await dataSource.query(
      'SELECT payload, aggregate_key AS aggregateKey, event_id AS eventId FROM outbox_event ORDER BY id LIMIT 1',
    )) as Array<{ payload: string; aggregateKey: string; eventId: string }>;
    const duplicatesBefore = await counter('edubase_messaging_duplicates_skipped_total');
    await rawProducer.send({
      topic: kafkaTopic,
      messages: [
        { key: first!.aggregateKey, value: first!.payload, headers: { 'edubase-event-id': first!.eventId } },
      ],
    });
    await waitFor(
      'the redelivery to be skipped',
      async () => (await counter('edubase_messaging_duplicates_skipped_total')) > duplicatesBefore,
    );

    const [totals] = await dataSource.query(
      'SELECT COUNT(*) AS applied, COUNT(DISTINCT event_id) AS distinctEvents FROM person_projection',
    );
    expect({ applied: Number(totals.applied), distinct: Number(totals.distinctEvents) }).toEqual({
      applied: EVENTS - 1,
      distinct: EVENTS - 1,
    });
    const rows = (await dataSource.query(
      'SELECT person_key AS personKey, seq FROM person_projection ORDER BY apply_id',
    )) as Array<{ personKey: string; seq: number }>;
    const last = new Map<string, number>();
    const outOfOrder = rows.filter(({ personKey, seq: current }) => {
      const previous = last.get(personKey) ?? 0;
      last.set(personKey, current);
      return current !== previous + 1;
    });
    expect(outOfOrder).toEqual([]);

    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]!.value).id).toBe(poisonId);
    expect(deadLetters[0]!.headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'poison',
      [DLQ_HEADERS.error]: 'projection refuses poison',
    });
    // At least one call carried several events: the handler really ran per run, not per event.
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(await counter('edubase_messaging_consumed_total')).toBe(EVENTS - 1);
  });
});
