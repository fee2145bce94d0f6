import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PayloadOf } from '@edubase/contracts';
import {
  createDataSourceOptions,
  DatabaseConnection,
  dropDatabase,
  ensureDatabaseExists,
  pendingSchemaChanges,
} from '@edubase/persistence';
import { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  createKafka,
  EventConsumer,
  messagingEntities,
  messagingMigrations,
  OutboxPublisher,
  OutboxRelay,
} from './index';

interface InfraApi {
  up(names: string[]): Promise<unknown>;
  killKafka(): Promise<unknown>;
}
const repositoryRoot = path.resolve(__dirname, '../../../..');
const infra = createRequire(__filename)(path.join(repositoryRoot, 'tools/infra/infra-api.cjs')) as InfraApi;

const TOPIC = 'identity.person.updated.v1';
const EVENTS = 10_000;
const KEYS = 12;
const EVENTS_PER_TRANSACTION = 50;

function personUpdate(key: string, seq: number): PayloadOf<typeof TOPIC> {
  // The sequence travels in staffNo so the projection can check per-key order.
  return {
    personId: key,
    kind: 'staff',
    staffNo: String(seq),
    studentNo: null,
    name: '测试教师',
    schoolCode: '3101010001',
    orgId: null,
    status: 'active',
  };
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('outbox → relay → Kafka → idempotent consumer', () => {
  const run = randomBytes(4).toString('hex');
  const connection: DatabaseConnection = {
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
    database: `t_messaging_${run}`,
  };
  const topicPrefix = `t${run}.`;
  const registry = new Registry();
  let dataSource: DataSource;
  let kafka: Kafka;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  const errors: string[] = [];

  beforeAll(async () => {
    await infra.up(['kafka']);
    await ensureDatabaseExists(connection);
    // Opened by hand: openMigratedDataSource's parameter type rejects DataSourceOptions (reported).
    dataSource = new DataSource(
      createDataSourceOptions({
        connection,
        entities: messagingEntities,
        migrations: messagingMigrations,
        poolSize: 12,
      }),
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
    kafka = createKafka({ clientId: `messaging-test-${run}`, brokers: ['127.0.0.1:9092'] });
  }, 180_000);

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await dataSource?.destroy();
    await dropDatabase(connection);
  }, 60_000);

  it('migrates the messaging tables with no drift from the entities', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
  });

  it('delivers 10,000 events exactly once and in per-key order while the broker is killed and restarted', async () => {
    const relayErrors: string[] = [];
    relay = new OutboxRelay({
      dataSource,
      kafka,
      serviceName: 'messaging-test',
      topicPrefix,
      metricsRegistry: registry,
      backoff: { initialMs: 100, maxMs: 1_000, jitter: 0.2 },
      onError: (error) => relayErrors.push(error.message),
    });
    consumer = new EventConsumer({
      dataSource,
      kafka,
      groupId: `messaging-test-${run}`,
      topicPrefix,
      metricsRegistry: registry,
      onError: (error, where) => errors.push(`${where}: ${error.message}`),
    }).on(TOPIC, async (envelope, manager) => {
      await manager.query('INSERT INTO person_projection (event_id, person_key, seq) VALUES (?, ?, ?)', [
        envelope.id,
        envelope.data.personId,
        Number(envelope.data.staffNo),
      ]);
    });
    await consumer.start();
    relay.start();

    const publisher = new OutboxPublisher('messaging-test');
    const nextSeq = new Array<number>(KEYS).fill(0);
    const projected = async (): Promise<number> =>
      Number((await dataSource.query('SELECT COUNT(*) AS n FROM person_projection'))[0].n);

    let written = 0;
    let killedAt = -1;
    let restart: Promise<unknown> | null = null;
    const started = Date.now();
    while (written < EVENTS) {
      await dataSource.transaction(async (manager) => {
        const events = [];
        for (let i = 0; i < EVENTS_PER_TRANSACTION; i += 1) {
          const key = (written + i) % KEYS;
          nextSeq[key] = nextSeq[key]! + 1;
          events.push({ aggregateKey: `person-${key}`, data: personUpdate(`person-${key}`, nextSeq[key]!) });
        }
        await publisher.publishMany(manager, TOPIC, events);
      });
      written += EVENTS_PER_TRANSACTION;
      // Kill the broker once consumption is under way, keep writing while it is down, then bring it back.
      if (killedAt < 0 && written >= 3_000) {
        await waitFor('first events to be consumed', 30_000, async () => (await projected()) > 500);
        await infra.killKafka();
        killedAt = written;
        restart = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => infra.up(['kafka']));
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await restart;
    await waitFor('all events in the projection', 100_000, async () => (await projected()) >= EVENTS);
    expect(await relay.flush(10_000)).toBe(true);
    // Give any redelivery after the restart time to show up as a duplicate application.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const seconds = (Date.now() - started) / 1000;

    const [totals] = await dataSource.query(
      'SELECT COUNT(*) AS applied, COUNT(DISTINCT event_id) AS distinctEvents FROM person_projection',
    );
    expect({ applied: Number(totals.applied), distinct: Number(totals.distinctEvents) }).toEqual({
      applied: EVENTS,
      distinct: EVENTS,
    });

    const rows = (await dataSource.query(
      'SELECT person_key AS personKey, seq FROM person_projection ORDER BY apply_id',
    )) as Array<{
      personKey: string;
      seq: number;
    }>;
    const lastSeq = new Map<string, number>();
    const outOfOrder: string[] = [];
    for (const { personKey, seq } of rows) {
      if (seq !== (lastSeq.get(personKey) ?? 0) + 1)
        outOfOrder.push(`${personKey}: ${seq} after ${lastSeq.get(personKey) ?? 0}`);
      lastSeq.set(personKey, seq);
    }
    expect(outOfOrder).toEqual([]);

    const [outbox] = await dataSource.query(
      'SELECT COUNT(*) AS total, SUM(sent_at IS NULL) AS unsent FROM outbox_event',
    );
    expect({ total: Number(outbox.total), unsent: Number(outbox.unsent) }).toEqual({
      total: EVENTS,
      unsent: 0,
    });
    const [processed] = await dataSource.query('SELECT COUNT(*) AS n FROM processed_event');
    expect(Number(processed.n)).toBe(EVENTS);

    // The broker really went away: the relay had to recover from send failures by itself.
    expect(killedAt).toBeGreaterThan(0);
    expect(relayErrors.length).toBeGreaterThan(0);

    const metrics = await registry.getMetricsAsJSON();
    const valueOf = (name: string): number =>
      (metrics.find((metric) => metric.name === name)?.values ?? []).reduce(
        (sum, entry) => sum + entry.value,
        0,
      );
    expect(valueOf('edubase_messaging_consumed_total')).toBe(EVENTS);
    expect(valueOf('edubase_outbox_published_total')).toBeGreaterThanOrEqual(EVENTS);
    expect(valueOf('edubase_outbox_unsent_events')).toBe(0);
    // Redeliveries must be skipped as duplicates, not fail on processed_event's key and be dead-lettered.
    expect(valueOf('edubase_messaging_dead_lettered_total')).toBe(0);
    console.log(
      `exactly-once run: ${EVENTS} events in ${seconds.toFixed(1)} s, broker killed after ${killedAt} written, ` +
        `${relayErrors.length} relay errors, ${valueOf('edubase_messaging_duplicates_skipped_total')} duplicates skipped`,
    );
  }, 180_000);
});
