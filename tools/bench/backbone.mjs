// Backbone benchmark (`npm run bench:backbone` = build + this script), on the real broker and MariaDB:
//  1. raw kafkajs producer→consumer throughput (the ceiling): the same messages (value, key, headers) the
//     relay sends, with the relay's producer settings (idempotent, one request in flight, acks=-1) and the
//     EventConsumer's fetch settings; the consumer only counts;
//  2. outbox→relay→Kafka→idempotent consumer throughput, timed from rows ALREADY COMMITTED in the outbox
//     to the last consumer commit, so both figures start from events that exist and end when a consumer
//     has them. The outbox writes are timed separately (a standby holds the relay lock while they run,
//     exactly as a second service instance would) and printed for information. Raw and outbox alternate
//     for --rounds rounds and the medians are compared, so load from other work on the machine hits both;
//  3. end-to-end latency (envelope occurredAt → consumer transaction committed) at a paced 1,000 events/s,
//     one event per publishing transaction, with the relay and consumer running as in a service.
// Each round also prints the CPU time per event of this process (relay + consumer, or raw producer + consumer),
// the Kafka broker and MariaDB (utime+stime from /proc, all threads) while that path ran: on 2 cores shared by
// all three, the ratio follows what each path costs in CPU more than any wait.
// Targets (ADR 0003 / the backbone issue): outbox ≥ 0.5 × raw, p99 < 500 ms. Prints PASS/FAIL per target
// and exits 0 either way: it reports figures, it is not a test (the machine may be loaded).
// Options: --rounds=5 --events=20000 --rate=1000 --seconds=10 --handler=batch|each (projection per batch or per event)
// --relay-batch=<rows per relay round trip, also the raw producer's batch> --tx-batch=<events per consumer transaction>.
// --aggregates=<distinct aggregate keys, default 2000>.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf, mariadbPid, oldestPid } from './process-cpu.mjs';

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
    return [name, value];
  }),
);
const THROUGHPUT_EVENTS = Number(args.events) || 20_000;
const PACED_RATE = Number(args.rate) || 1_000;
const PACED_SECONDS = Number(args.seconds) || 10;
const HANDLER = args.handler === 'each' ? 'each' : 'batch';
// Distinct aggregate keys (person ids). A district has thousands of people; a handful of keys would pile most
// events onto one partition, which no real producer does. Raw and outbox paths use the same keys.
const AGGREGATES = Number(args.aggregates) || 2000;
const RELAY_BATCH = Number(args['relay-batch']) || messaging.DEFAULT_RELAY_BATCH_SIZE;
const ROUNDS = Number(args.rounds) || 5;
const TRANSACTION_BATCH = Number(args['tx-batch']) || undefined;
const RATIO_TARGET = 0.5;
const P99_TARGET_MS = 500;
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
// Whose CPU time each round reports besides this process's: the broker (infra:up runs kafka.Kafka) and MariaDB.
const SERVER_PIDS = { kafka: oldestPid('kafka\\.Kafka '), mariadb: mariadbPid() };
const THROUGHPUT_TOPIC = 'identity.person.updated.v1';
const LATENCY_TOPIC = 'identity.person.created.v1';
// The relay's lock (OutboxRelay: a MariaDB named lock scoped to the service database).
const RELAY_LOCK = "CONCAT(DATABASE(), '.outbox_relay')";

/** CPU seconds (user + system) of a process so far; null when it cannot be read. */
function cpuSeconds(pid) {
  const used = cpuSecondsOf(pid);
  return used === null ? null : used.user + used.system;
}

/** Starts a CPU meter over this process, the broker and MariaDB; `stop(events)` gives µs per event of each. */
function cpuMeter(pids) {
  const self = process.cpuUsage();
  const others = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return {
    stop(events) {
      const used = process.cpuUsage(self);
      const perEvent = { node: (used.user + used.system) / events };
      for (const [name, pid] of Object.entries(pids)) {
        const now = cpuSeconds(pid);
        perEvent[name] = now === null || others[name] === null ? null : ((now - others[name]) * 1e6) / events;
      }
      return perEvent;
    },
  };
}

const totalCpu = (perEvent) => Object.values(perEvent).reduce((sum, micros) => sum + (micros ?? 0), 0);
const describeCpu = (perEvent) =>
  Object.entries(perEvent)
    .map(([name, micros]) => `${name} ${micros === null ? '?' : micros.toFixed(1)}`)
    .join(' + ') + ` = ${totalCpu(perEvent).toFixed(1)} µs/event`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const payload = (i) => ({
  personId: `person-${i % AGGREGATES}`,
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
    await sleep(2);
  }
}

/**
 * Raw kafkajs with the relay's producer settings and batch size, and a consumer (EventConsumer's fetch
 * settings) that only counts. `round()` sends THROUGHPUT_EVENTS more and times them until all arrived.
 */
async function startRawPath(kafka) {
  const topic = `${prefix}raw.${THROUGHPUT_TOPIC}`;
  const admin = kafka.admin();
  await admin.connect();
  await messaging.ensureTopics(admin, [topic]);
  await admin.disconnect();
  let received = 0;
  let joined = false;
  const consumer = kafka.consumer({ groupId: `${prefix}raw`, ...messaging.CONSUMER_FETCH_DEFAULTS });
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
  return {
    async round() {
      // Byte for byte what the relay sends: the serialized envelope, the aggregate key, the event-id header.
      const messages = Array.from({ length: THROUGHPUT_EVENTS }, (_, i) => {
        const envelope = buildEnvelope(THROUGHPUT_TOPIC, payload(i), { source: 'bench' });
        return {
          key: `person-${i % AGGREGATES}`,
          value: JSON.stringify(envelope),
          headers: { [messaging.EVENT_ID_HEADER]: envelope.id },
        };
      });
      const target = received + THROUGHPUT_EVENTS;
      const meter = cpuMeter(SERVER_PIDS);
      const started = Date.now();
      for (let i = 0; i < messages.length; i += RELAY_BATCH) {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [{ topic, messages: messages.slice(i, i + RELAY_BATCH) }],
        });
      }
      await waitUntil('raw messages', () => received >= target, 120_000);
      return { ms: Date.now() - started, cpu: meter.stop(THROUGHPUT_EVENTS) };
    },
    async stop() {
      await producer.disconnect();
      await consumer.disconnect();
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
  const publishedTotal = async () =>
    ((await registry.getSingleMetric('edubase_outbox_published_total')?.get())?.values ?? []).reduce(
      (sum, value) => sum + value.value,
      0,
    );
  let relay;
  let consumer;
  let standby;
  let rawPath;
  const verdicts = [];
  try {
    await dataSource.query(
      `CREATE TABLE bench_projection (event_id CHAR(36) NOT NULL PRIMARY KEY, person_id VARCHAR(50) NOT NULL,
         staff_no VARCHAR(20) NOT NULL) ENGINE=InnoDB`,
    );

    console.log(
      `backbone benchmark — brokers ${BROKERS.join(',')}, topics ${prefix}*, database ${connection.database}, ` +
        `${HANDLER === 'batch' ? 'batch handler (onBatch)' : 'per-event handler (on)'}`,
    );
    rawPath = await startRawPath(kafka);

    let applied = 0;
    const latencies = [];
    consumer = new messaging.EventConsumer({
      dataSource,
      kafka,
      groupId: `${prefix}outbox`,
      topicPrefix: prefix,
      ...(TRANSACTION_BATCH ? { transactionBatchSize: TRANSACTION_BATCH } : {}),
      metricsRegistry: registry,
      onCommitted: (envelopes) => {
        const now = Date.now();
        applied += envelopes.length;
        for (const envelope of envelopes) {
          if (envelope.type === LATENCY_TOPIC) latencies.push(now - Date.parse(envelope.occurredAt));
        }
      },
    });
    if (HANDLER === 'batch') {
      const project = async (envelopes, manager) => {
        await manager.query('INSERT INTO bench_projection (event_id, person_id, staff_no) VALUES ?', [
          envelopes.map((envelope) => [envelope.id, envelope.data.personId, envelope.data.staffNo]),
        ]);
      };
      consumer.onBatch(THROUGHPUT_TOPIC, project).onBatch(LATENCY_TOPIC, project);
    } else {
      const project = async (envelope, manager) => {
        await manager.query('INSERT INTO bench_projection (event_id, person_id, staff_no) VALUES (?, ?, ?)', [
          envelope.id,
          envelope.data.personId,
          envelope.data.staffNo,
        ]);
      };
      consumer.on(THROUGHPUT_TOPIC, project).on(LATENCY_TOPIC, project);
    }
    await consumer.start();
    relay = new messaging.OutboxRelay({
      dataSource,
      kafka,
      serviceName: 'bench',
      topicPrefix: prefix,
      batchSize: RELAY_BATCH,
      metricsRegistry: registry,
    });
    relay.start();
    const publisher = new messaging.OutboxPublisher('bench');

    // Warm-up: one event per topic end to end, so group join, topic creation and connections are not timed.
    for (const topic of [THROUGHPUT_TOPIC, LATENCY_TOPIC]) {
      await dataSource.transaction((manager) =>
        publisher.publish(manager, topic, payload(0), { aggregateKey: 'warm-up' }),
      );
    }
    await waitUntil('warm-up events', () => applied >= 2, 60_000);
    latencies.length = 0;
    applied = 0;

    // Throughput, in ROUNDS rounds of raw then outbox, so a load change on the machine hits both figures
    // alike; medians are compared. In each outbox round a standby holds the relay lock while the backlog is
    // written (4 writers, 100 events per transaction), then lets the running relay in: the clock starts at
    // the release and stops when the consumer has committed the last event.
    standby = dataSource.createQueryRunner();
    await standby.connect();
    const perTransaction = 100;
    const writers = 4;
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const { ms: rawMs, cpu: rawCpu } = await rawPath.round();
      applied = 0;
      await standby.query(`SELECT GET_LOCK(${RELAY_LOCK}, 10) AS acquired`);
      const writeStarted = Date.now();
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let i = writer * perTransaction; i < THROUGHPUT_EVENTS; i += writers * perTransaction) {
            const events = [];
            for (let j = i; j < Math.min(i + perTransaction, THROUGHPUT_EVENTS); j += 1) {
              events.push({ aggregateKey: `person-${j % AGGREGATES}`, data: payload(j) });
            }
            await dataSource.transaction((manager) =>
              publisher.publishMany(manager, THROUGHPUT_TOPIC, events),
            );
          }
        }),
      );
      const writeMs = Date.now() - writeStarted;
      const publishedBefore = await publishedTotal();
      const meter = cpuMeter(SERVER_PIDS);
      const started = Date.now();
      // When the relay had handed the last row to Kafka: its published counter, looked at every 5 ms.
      let relayMs = null;
      const relayWatch = setInterval(async () => {
        if (relayMs === null && (await publishedTotal()) - publishedBefore >= THROUGHPUT_EVENTS)
          relayMs = Date.now() - started;
      }, 5);
      await standby.query(`SELECT RELEASE_LOCK(${RELAY_LOCK})`);
      relay.wake();
      await waitUntil('outbox events', () => applied >= THROUGHPUT_EVENTS, 180_000);
      const outboxMs = Date.now() - started;
      const outboxCpu = meter.stop(THROUGHPUT_EVENTS);
      clearInterval(relayWatch);
      relayMs ??= outboxMs;
      rounds.push({
        raw: rate(THROUGHPUT_EVENTS, rawMs),
        outbox: rate(THROUGHPUT_EVENTS, outboxMs),
        rawCpu: totalCpu(rawCpu),
        outboxCpu: totalCpu(outboxCpu),
      });
      console.log(
        `round ${round}: raw ${THROUGHPUT_EVENTS} in ${rawMs} ms = ${rate(THROUGHPUT_EVENTS, rawMs)}/s; ` +
          `outbox ${THROUGHPUT_EVENTS} in ${outboxMs} ms = ${rate(THROUGHPUT_EVENTS, outboxMs)}/s ` +
          `(relay done after ${relayMs} ms; the writes before took ${writeMs} ms = ${rate(THROUGHPUT_EVENTS, writeMs)}/s)`,
      );
      console.log(`  CPU raw:    ${describeCpu(rawCpu)}`);
      console.log(`  CPU outbox: ${describeCpu(outboxCpu)}`);
    }
    const rawRate = median(rounds.map((round) => round.raw));
    const outboxRate = median(rounds.map((round) => round.outbox));
    const ratio = outboxRate / rawRate;
    verdicts.push(ratio >= RATIO_TARGET);
    console.log(`raw kafkajs producer→consumer (median): ${rawRate} events/s`);
    console.log(`outbox→relay→Kafka→consumer from committed rows (median): ${outboxRate} events/s`);
    const rawCpuMedian = median(rounds.map((round) => round.rawCpu));
    const outboxCpuMedian = median(rounds.map((round) => round.outboxCpu));
    console.log(
      `CPU per event (median, node + kafka + mariadb): raw ${rawCpuMedian.toFixed(1)} µs, outbox ` +
        `${outboxCpuMedian.toFixed(1)} µs; the ratio CPU alone predicts: ${(rawCpuMedian / outboxCpuMedian).toFixed(2)}`,
    );
    console.log(
      `ratio outbox/raw: ${ratio.toFixed(2)} (target ≥ ${RATIO_TARGET.toFixed(2)}) ${ratio >= RATIO_TARGET ? 'PASS' : 'FAIL'}`,
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
            publisher.publish(manager, LATENCY_TOPIC, payload(i), {
              aggregateKey: `person-${i % AGGREGATES}`,
            }),
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
    verdicts.push(p99 < P99_TARGET_MS);
    console.log(
      `paced ${PACED_RATE} events/s for ${PACED_SECONDS} s (${total} events, one per transaction, achieved ` +
        `${rate(total, pacedWriteMs)}/s): latency occurredAt→consumer commit p50 ${p50} ms, p99 ${p99} ms, ` +
        `max ${sorted.at(-1)} ms (target p99 < ${P99_TARGET_MS} ms) ${p99 < P99_TARGET_MS ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `summary: raw ${rawRate}/s, outbox ${outboxRate}/s, ratio ${ratio.toFixed(2)}, ` +
        `p50 ${p50} ms, p99 ${p99} ms — ${verdicts.every(Boolean) ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await standby?.release().catch(() => undefined);
    await rawPath?.stop();
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
