// A trace begun at an HTTP request continues in the consumer of the event that request published, across
// two real processes. The services run as child processes under the OTel preload (as in production:
// `node -r preload.js main.js`), because auto-instrumentation does not hook modules Jest has loaded; they
// export their spans as OTLP/HTTP JSON to a collector this test runs. Needs `npm run build` first (npm test
// builds before the integration tests).
import path from 'node:path';
import {
  assertBuiltFromSources,
  cleanUpKafka,
  CollectedSpan,
  freePort,
  KAFKA_BROKERS,
  OtlpCollector,
  otlpAttribute,
  repositoryRoot,
  ServiceProcess,
  spawnService,
  TemporaryDatabase,
  uniqueRunId,
  waitFor,
} from '@edubase/testing';
import mysql from 'mysql2/promise';

const ROOT = repositoryRoot();
const PRELOAD = path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js');
const FIXTURE = path.join(ROOT, 'dist/libs/platform/messaging/test/fixtures/trace-fixture.main.js');
// Sources whose compiled form the children run: a dist older than any of them is stale.
const COMPILED_SOURCES = [
  'libs/platform/telemetry/src/preload.ts',
  'libs/platform/messaging/test/fixtures/trace-fixture.main.ts',
  'libs/platform/messaging/test/fixtures/trace-fixture.module.ts',
  'libs/platform/messaging/src/consumer/event-consumer.ts',
  'libs/platform/messaging/src/trace-context.ts',
  'libs/platform/messaging/src/outbox/outbox-relay.ts',
  'libs/platform/messaging/src/outbox/outbox-publisher.ts',
];
const TOPIC = 'identity.person.created.v1';
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CONSUMER = 5;

describe('trace propagation across processes (HTTP → outbox → Kafka → consumer)', () => {
  const run = uniqueRunId();
  const topicPrefix = `trace${run}.`;
  const databases = {
    publisher: new TemporaryDatabase('trace_pub', run),
    consumer: new TemporaryDatabase('trace_con', run),
  };
  const fixtures: ServiceProcess[] = [];
  let collector: OtlpCollector | undefined;

  const diagnostics = (): string => fixtures.map((fixture) => fixture.tail()).join('\n');

  beforeAll(async () => {
    assertBuiltFromSources(COMPILED_SOURCES);
    collector = await OtlpCollector.start();

    for (const role of ['publisher', 'consumer'] as const) {
      const fixture = spawnService({
        name: `trace-fixture-${role}`,
        entry: FIXTURE,
        preload: PRELOAD,
        port: await freePort(),
        env: {
          ...databases[role].env,
          FIXTURE_ROLE: role,
          KAFKA_TOPIC_PREFIX: topicPrefix,
          KAFKA_BROKERS: KAFKA_BROKERS.join(','),
          LOG_LEVEL: 'info',
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          // Export spans within a fraction of a second instead of the 5 s default batch delay.
          OTEL_BSP_SCHEDULE_DELAY: '100',
        },
      });
      fixtures.push(fixture);
    }
    // Both listening means both ran their migrations and started their relay/consumer.
    for (const fixture of fixtures) await fixture.ready(60_000, '/health/live');
  }, 90_000);

  afterAll(async () => {
    // Graceful first: Nest's shutdown flushes the spans.
    await Promise.all(fixtures.map((fixture) => fixture.stop(15_000)));
    await collector?.close();
    for (const database of Object.values(databases)) await database.drop();
    await cleanUpKafka({ topicPrefix });
  }, 60_000);

  it('continues the HTTP server span’s trace in the CONSUMER span of the other process', async () => {
    const [publisher, consumer] = fixtures as [ServiceProcess, ServiceProcess];
    const spans = (): CollectedSpan[] => collector!.spans;
    const response = await fetch(`${publisher.baseUrl}/fixture/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: `person-${run}`, name: '王老师' }),
    });
    expect(response.status).toBe(201);
    const { eventId } = (await response.json()) as { eventId: string };

    // What the handler saw as its active span, recorded in the consumer's own transaction.
    const connection = await mysql.createConnection(databases.consumer.connection);
    const seen = await waitFor(`the consumer to apply ${eventId}\n${diagnostics()}`, 60_000, async () => {
      const [rows] = await connection.query(
        'SELECT trace_id AS traceId FROM fixture_trace_seen WHERE event_id = ?',
        [eventId],
      );
      return (rows as Array<{ traceId: string | null }>)[0];
    }).finally(() => connection.end());

    const consumerSpan = await waitFor(
      `the CONSUMER span of ${eventId}\n${diagnostics()}`,
      30_000,
      async () =>
        spans().find(
          (span) =>
            span.service === 'trace-fixture-consumer' &&
            span.kind === SPAN_KIND_CONSUMER &&
            otlpAttribute(span.attributes, 'messaging.message.id') === eventId,
        ),
    );
    const serverSpan = await waitFor(`the HTTP SERVER span of POST /fixture/people`, 30_000, async () =>
      spans().find(
        (span) =>
          span.service === 'trace-fixture-publisher' &&
          span.kind === SPAN_KIND_SERVER &&
          [
            otlpAttribute(span.attributes, 'http.target'),
            otlpAttribute(span.attributes, 'url.path'),
          ].includes('/fixture/people'),
      ),
    );

    expect(consumerSpan.name).toBe(`${topicPrefix}${TOPIC} process`);
    expect(consumerSpan.traceId).toBe(serverSpan.traceId);
    expect(seen.traceId).toBe(serverSpan.traceId);
    // The server span is a root (the request carried no traceparent), and the consumer span descends from
    // it: following parentSpanId through every exported span of the trace reaches it.
    expect(serverSpan.parentSpanId ?? '').toBe('');
    const byId = new Map(
      spans()
        .filter((span) => span.traceId === serverSpan.traceId)
        .map((span) => [span.spanId, span]),
    );
    const chain: string[] = [];
    for (let at: CollectedSpan | undefined = consumerSpan; at && chain.length < 20;) {
      chain.push(`${at.service}:${at.name}`);
      if (!at.parentSpanId) break;
      at = byId.get(at.parentSpanId);
    }
    expect(chain[chain.length - 1]).toBe(`${serverSpan.service}:${serverSpan.name}`);
    expect(consumer.running && publisher.running).toBe(true);
  });
});
