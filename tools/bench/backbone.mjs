// Backbone benchmark (`npm run build && node tools/bench/backbone.mjs`): on the real broker and MariaDB,
// raw kafkajs producer→consumer throughput, then outbox→relay→Kafka→idempotent consumer throughput and
// end-to-end latency (occurredAt → handler commit) at a paced 1,000 events/s. Prints figures, not a test.
// Uses the compiled library in dist/, so the build must be current.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const load = (relative) => {
  try {
    return require(path.join(root, 'dist', relative));
  } catch (error) {
    console.error(`cannot load dist/${relative} (${error.message}); run \`npm run build\` first`);
    process.exit(1);
  }
};
const messaging = load('libs/platform/messaging/src/index.js');
const persistence = load('libs/platform/persistence/src/index.js');
const { buildEnvelope } = load('libs/contracts/src/index.js');
const { Partitioners } = require('kafkajs');
const { Registry } = require('prom-client');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name, Number(value)];
  }),
);
const THROUGHPUT_EVENTS = args.events || 20_000;
const PACED_RATE = args.rate || 1_000;
const PACED_SECONDS = args.seconds || 10;
const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const run = randomBytes(4).toString('hex');
const prefix = `bench${run}.`;
const connection = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD || '',
  database: `t_bench_${run}`,
};
const THROUGHPUT_TOPIC = 'identity.person.updated.v1';
const LATENCY_TOPIC = 'identity.person.created.v1';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const payload = (i) => ({
  personId: `person-${i % 64}`,
  kind: 'staff',
  staffNo: String(i),
  studentNo: null,
  name: '基准测试教师',
  schoolCode: '3101010001',
  orgId: null,
  status: 'active',
});
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const rate = (events, ms) => Math.round((events * 1000) / ms);

async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Raw kafkajs: same producer settings as the relay, a consumer that only counts. */
async function rawThroughput(kafka) {
  const topic = `${prefix}raw.${THROUGHPUT_TOPIC}`;
  const admin = kafka.admin();
  await admin.connect();
  await messaging.ensureTopics(admin, [topic]);
  await admin.disconnect();
  let received = 0;
  let joined = false;
  const consumer = kafka.consumer({ groupId: `${prefix}raw`, maxWaitTimeInMs: 100 });
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      received += batch.messages.length;
    },
  });
  await waitUntil('raw consumer to join', () => joined, 30_000);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const values = Array.from({ length: THROUGHPUT_EVENTS }, (_, i) =>
    JSON.stringify(buildEnvelope(THROUGHPUT_TOPIC, payload(i), { source: 'bench' })),
  );
  const started = Date.now();
  for (let i = 0; i < values.length; i += 500) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        {
          topic,
          messages: values.slice(i, i + 500).map((value, j) => ({ key: `person-${(i + j) % 64}`, value })),
        },
      ],
    });
  }
  await waitUntil('raw messages', () => received >= THROUGHPUT_EVENTS, 120_000);
  const elapsed = Date.now() - started;
  await producer.disconnect();
  await consumer.disconnect();
  return { events: THROUGHPUT_EVENTS, ms: elapsed, perSecond: rate(THROUGHPUT_EVENTS, elapsed) };
}

async function main() {
  const kafka = messaging.createKafka({ clientId: `bench-${run}`, brokers: BROKERS });
  if (!(await messaging.isKafkaReady(kafka, 5_000))) throw new Error(`Kafka not reachable at ${BROKERS}`);
  await persistence.ensureDatabaseExists(connection);
  const dataSource = await persistence.openMigratedDataSource(
    persistence.createDataSourceOptions({
      connection,
      entities: messaging.messagingEntities,
      migrations: messaging.messagingMigrations,
      poolSize: 20,
    }),
  );
  const registry = new Registry();
  let relay;
  let consumer;
  try {
    await dataSource.query(
      `CREATE TABLE bench_projection (event_id CHAR(36) NOT NULL PRIMARY KEY, person_id VARCHAR(50) NOT NULL,
         staff_no VARCHAR(20) NOT NULL) ENGINE=InnoDB`,
    );

    console.log(
      `backbone benchmark — brokers ${BROKERS.join(',')}, topics ${prefix}*, database ${connection.database}`,
    );
    const raw = await rawThroughput(kafka);
    console.log(
      `raw kafkajs producer→consumer: ${raw.events} events in ${raw.ms} ms = ${raw.perSecond} events/s`,
    );

    let applied = 0;
    const latencies = [];
    consumer = new messaging.EventConsumer({
      dataSource,
      kafka,
      groupId: `${prefix}outbox`,
      topicPrefix: prefix,
      metricsRegistry: registry,
      onCommitted: (envelopes) => {
        const now = Date.now();
        for (const envelope of envelopes) {
          applied += 1;
          if (envelope.type === LATENCY_TOPIC) latencies.push(now - Date.parse(envelope.occurredAt));
        }
      },
    });
    const project = async (envelope, manager) => {
      await manager.query('INSERT INTO bench_projection (event_id, person_id, staff_no) VALUES (?, ?, ?)', [
        envelope.id,
        envelope.data.personId,
        envelope.data.staffNo,
      ]);
    };
    consumer.on(THROUGHPUT_TOPIC, project).on(LATENCY_TOPIC, project);
    await consumer.start();
    relay = new messaging.OutboxRelay({
      dataSource,
      kafka,
      serviceName: 'bench',
      topicPrefix: prefix,
      metricsRegistry: registry,
    });
    relay.start();
    const publisher = new messaging.OutboxPublisher('bench');

    // Warm-up: one event end to end, so group join and topic creation are not timed.
    await dataSource.transaction((manager) =>
      publisher.publish(manager, THROUGHPUT_TOPIC, payload(0), { aggregateKey: 'warm-up' }),
    );
    await dataSource.transaction((manager) =>
      publisher.publish(manager, LATENCY_TOPIC, payload(0), { aggregateKey: 'warm-up' }),
    );
    await waitUntil('warm-up events', () => applied >= 2, 60_000);
    latencies.length = 0;
    applied = 0;

    // Throughput: 4 writers, 100 events per transaction.
    const started = Date.now();
    const perTransaction = 100;
    const writers = 4;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let i = writer * perTransaction; i < THROUGHPUT_EVENTS; i += writers * perTransaction) {
          const events = [];
          for (let j = i; j < Math.min(i + perTransaction, THROUGHPUT_EVENTS); j += 1) {
            events.push({ aggregateKey: `person-${j % 64}`, data: payload(j) });
          }
          await dataSource.transaction((manager) => publisher.publishMany(manager, THROUGHPUT_TOPIC, events));
        }
      }),
    );
    const written = Date.now() - started;
    await waitUntil('outbox events', () => applied >= THROUGHPUT_EVENTS, 180_000);
    const outboxMs = Date.now() - started;
    const outboxRate = rate(THROUGHPUT_EVENTS, outboxMs);
    console.log(
      `outbox→relay→Kafka→consumer: ${THROUGHPUT_EVENTS} events in ${outboxMs} ms = ${outboxRate} events/s ` +
        `(writes took ${written} ms)`,
    );
    const ratio = outboxRate / raw.perSecond;
    console.log(
      `ratio outbox/raw: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
    );

    // Latency: one event per transaction, paced at PACED_RATE/s.
    applied = 0;
    const total = PACED_RATE * PACED_SECONDS;
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((PACED_RATE * tickMs) / 1000));
    const pacedStart = Date.now();
    const inFlight = [];
    let sent = 0;
    for (let tick = 0; sent < total; tick += 1) {
      const due = pacedStart + tick * tickMs;
      if (due > Date.now()) await sleep(due - Date.now());
      for (let k = 0; k < perTick && sent < total; k += 1, sent += 1) {
        const i = sent;
        inFlight.push(
          dataSource.transaction((manager) =>
            publisher.publish(manager, LATENCY_TOPIC, payload(i), { aggregateKey: `person-${i % 64}` }),
          ),
        );
      }
      if (inFlight.length > 2_000) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
    const pacedWriteMs = Date.now() - pacedStart;
    await waitUntil('paced events', () => applied >= total, 120_000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    console.log(
      `paced ${PACED_RATE} events/s for ${PACED_SECONDS} s (${total} events, one per transaction, achieved ` +
        `${rate(total, pacedWriteMs)}/s): latency occurredAt→handler commit p50 ${p50} ms, p99 ${p99} ms, ` +
        `max ${sorted.at(-1)} ms (target p99 < 500 ms) ${p99 < 500 ? 'OK' : 'ABOVE TARGET'}`,
    );
    // Where the time goes: outbox commit → relay marked sent, per row (the rest is Kafka + consumer).
    const relayDelays = (
      await dataSource.query(
        'SELECT TIMESTAMPDIFF(MICROSECOND, created_at, sent_at) / 1000 AS ms FROM outbox_event WHERE topic = ?',
        [LATENCY_TOPIC],
      )
    )
      .map((row) => Number(row.ms))
      .sort((a, b) => a - b);
    console.log(
      `  of which outbox row created→marked sent: p50 ${Math.round(percentile(relayDelays, 50))} ms, ` +
        `p99 ${Math.round(percentile(relayDelays, 99))} ms`,
    );
  } finally {
    await consumer?.stop();
    await relay?.stop();
    await dataSource.destroy();
    await persistence.dropDatabase(connection);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error.stack || error.message}`);
    process.exit(1);
  },
);
