import { randomBytes, randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PayloadOf } from '@edubase/contracts';
import {
  createDataSourceOptions,
  DatabaseConnection,
  dropDatabase,
  ensureDatabaseExists,
} from '@edubase/persistence';
import {
  Context,
  context,
  ContextManager,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import {
  createKafka,
  DLQ_HEADERS,
  EventConsumer,
  messagingEntities,
  messagingMigrations,
  OutboxPublisher,
  OutboxRelay,
} from './index';

const TOPIC = 'identity.person.created.v1';

interface InfraApi {
  up(names: string[]): Promise<unknown>;
}
const repositoryRoot = path.resolve(__dirname, '../../../..');
const infra = createRequire(__filename)(path.join(repositoryRoot, 'tools/infra/infra-api.cjs')) as InfraApi;

/** Minimal AsyncLocalStorage context manager, so `context.with` propagates across awaits in this test. */
class TestContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

function personCreated(personId: string): PayloadOf<typeof TOPIC> {
  return {
    personId,
    kind: 'staff',
    staffNo: 'T0001',
    studentNo: null,
    name: '王老师',
    schoolCode: '3101010001',
    orgId: null,
    status: 'active',
  };
}

// Compile-time contract, checked by `tsc`: a payload of another topic does not type-check.
function wrongTopicPayload(publisher: OutboxPublisher, manager: EntityManager): Promise<unknown> {
  // @ts-expect-error a person payload cannot be published on an org topic
  return publisher.publish(manager, 'identity.org.created.v1', personCreated('p-1'), { aggregateKey: 'p-1' });
}
void wrongTopicPayload;

describe('dead-letter queue and trace continuation', () => {
  const run = randomBytes(4).toString('hex');
  const connection: DatabaseConnection = {
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
    database: `t_messaging_dlq_${run}`,
  };
  const topicPrefix = `t${run}.`;
  const kafkaTopic = `${topicPrefix}${TOPIC}`;
  const registry = new Registry();
  const spans = new InMemorySpanExporter();
  const handled: Array<{ personId: string; traceId: string | undefined }> = [];
  let dataSource: DataSource;
  let kafka: Kafka;
  let consumer: EventConsumer;
  let relay: OutboxRelay;
  let rawProducer: Producer;
  let dlqReader: Consumer;
  const deadLetters: Array<{ value: string; key: string | null; headers: Record<string, string> }> = [];

  beforeAll(async () => {
    context.setGlobalContextManager(new TestContextManager());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    );

    // This suite often runs right after the one that kills and restarts the broker: make sure it is up.
    await infra.up(['kafka']);
    await ensureDatabaseExists(connection);
    // Opened by hand: openMigratedDataSource's parameter type rejects DataSourceOptions (reported).
    dataSource = new DataSource(
      createDataSourceOptions({ connection, entities: messagingEntities, migrations: messagingMigrations }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(
      'CREATE TABLE person_view (person_id VARCHAR(50) NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)',
    );
    kafka = createKafka({ clientId: `messaging-dlq-${run}`, brokers: ['127.0.0.1:9092'] });
    consumer = new EventConsumer({
      dataSource,
      kafka,
      groupId: `messaging-dlq-${run}`,
      topicPrefix,
      metricsRegistry: registry,
      maxAttempts: 2,
      retryBackoff: { initialMs: 50, maxMs: 100, jitter: 0 },
    }).on(TOPIC, async (envelope, manager) => {
      if (envelope.data.name === 'poison') throw new Error('projection refuses poison');
      await manager.query('INSERT INTO person_view (person_id, name) VALUES (?, ?)', [
        envelope.data.personId,
        envelope.data.name,
      ]);
      handled.push({
        personId: envelope.data.personId,
        traceId: trace.getActiveSpan()?.spanContext().traceId,
      });
    });
    await consumer.start();
    relay = new OutboxRelay({
      dataSource,
      kafka,
      serviceName: 'messaging-dlq',
      topicPrefix,
      metricsRegistry: registry,
    });
    relay.start();

    rawProducer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await rawProducer.connect();
    dlqReader = kafka.consumer({ groupId: `messaging-dlq-reader-${run}`, maxWaitTimeInMs: 100 });
    let readerJoined = false;
    dlqReader.on(dlqReader.events.GROUP_JOIN, () => (readerJoined = true));
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: `${kafkaTopic}.dlq`, fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        deadLetters.push({
          value: message.value?.toString() ?? '',
          key: message.key?.toString() ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
        });
      },
    });
    // Right after a broker restart the group coordinator may still be loading: publish only once both
    // groups have their partitions, so no late rebalance redelivers what a test already counted.
    await consumer.whenJoined(60_000);
    await waitFor('the DLQ reader to join its group', () => readerJoined, 60_000);
  }, 150_000);

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
    check: () => boolean | Promise<boolean>,
    timeoutMs = 45_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const counter = async (name: string, labels: Record<string, string>): Promise<number> => {
    const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
    return (metric?.values ?? [])
      .filter((entry) => Object.entries(labels).every(([label, value]) => entry.labels[label] === value))
      .reduce((sum, entry) => sum + entry.value, 0);
  };

  it('sends a malformed message to <topic>.dlq with its error, then processes the next valid message', async () => {
    const garbage = '{"id": "not-a-uuid", "type": "identity.person.created.v1", truncated';
    await rawProducer.send({
      topic: kafkaTopic,
      messages: [{ key: 'person-x', value: garbage, headers: { origin: 'raw-test' } }],
    });
    await rawProducer.send({
      topic: kafkaTopic,
      messages: [
        {
          key: 'person-x',
          value: JSON.stringify({
            id: randomUUID(),
            type: TOPIC,
            version: 1,
            source: 'raw-test',
            occurredAt: new Date().toISOString(),
            data: personCreated('person-after-garbage'),
          }),
        },
      ],
    });

    await waitFor('the dead letter', () => deadLetters.length >= 1);
    const [letter] = deadLetters;
    expect(letter!.value).toBe(garbage);
    expect(letter!.key).toBe('person-x');
    expect(letter!.headers).toMatchObject({
      origin: 'raw-test',
      [DLQ_HEADERS.reason]: 'invalid',
      [DLQ_HEADERS.sourceTopic]: kafkaTopic,
      [DLQ_HEADERS.group]: `messaging-dlq-${run}`,
    });
    expect(letter!.headers[DLQ_HEADERS.error]).toMatch(/^malformed JSON/);
    expect(letter!.headers[DLQ_HEADERS.partition]).toMatch(/^[0-2]$/);
    expect(letter!.headers[DLQ_HEADERS.offset]).toMatch(/^\d+$/);

    await waitFor('the valid message after it', () =>
      handled.some((entry) => entry.personId === 'person-after-garbage'),
    );
    expect(await counter('edubase_messaging_dead_lettered_total', { reason: 'invalid' })).toBe(1);
  });

  it('retries a handler that keeps throwing, dead-letters it, and carries on with the partition', async () => {
    const publisher = new OutboxPublisher('messaging-dlq');
    await dataSource.transaction(async (manager) => {
      await publisher.publish(
        manager,
        TOPIC,
        { ...personCreated('person-poison'), name: 'poison' },
        {
          aggregateKey: 'person-p',
        },
      );
      await publisher.publish(manager, TOPIC, personCreated('person-after-poison'), {
        aggregateKey: 'person-p',
      });
    });

    await waitFor('the valid message after the poison one', () =>
      handled.some((entry) => entry.personId === 'person-after-poison'),
    );
    const poison = deadLetters.find((letter) => letter.headers[DLQ_HEADERS.reason] === 'poison');
    expect(poison?.headers).toMatchObject({
      [DLQ_HEADERS.error]: 'projection refuses poison',
      [DLQ_HEADERS.attempts]: '2',
      'edubase-event-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.parse(poison!.value).data.personId).toBe('person-poison');
    const rows = await dataSource.query('SELECT person_id AS personId FROM person_view ORDER BY person_id');
    expect(rows.map((row: { personId: string }) => row.personId)).toEqual([
      'person-after-garbage',
      'person-after-poison',
    ]);
  });

  it('continues the publisher trace in the consumer span', async () => {
    const publisher = new OutboxPublisher('messaging-dlq');
    const tracer = trace.getTracer('test');
    const publishTraceId = await tracer.startActiveSpan('POST /people', async (span) => {
      await dataSource.transaction((manager) =>
        publisher.publish(manager, TOPIC, personCreated('person-traced'), { aggregateKey: 'person-t' }),
      );
      span.end();
      return span.spanContext().traceId;
    });

    await waitFor('the traced event', () => handled.some((entry) => entry.personId === 'person-traced'));
    expect(handled.find((entry) => entry.personId === 'person-traced')?.traceId).toBe(publishTraceId);
    const consumerSpan = spans
      .getFinishedSpans()
      .find((span) => span.name === `${kafkaTopic} process` && span.spanContext().traceId === publishTraceId);
    expect(consumerSpan?.kind).toBe(SpanKind.CONSUMER);
  });
});
