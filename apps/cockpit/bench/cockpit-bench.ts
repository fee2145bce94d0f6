import type { EventEnvelope } from '@edubase/contracts';
import { cleanUpKafka, TemporaryDatabase, uniqueRunId } from '@edubase/testing';
import { IndicatorsService } from '../src/indicators/indicators.service';
import { setActiveConsumerGroup } from '../src/projections/consumer-group';
import { ProjectionEngine } from '../src/projections/projection-engine';
import { consumedTopics } from '../src/projections/projectors';
import {
  AnyEnvelope,
  event,
  EventProducer,
  openCockpitDatabase,
  sessionStartedEvent,
  testKafka,
} from '../test/cockpit-test-kit';

/**
 * `npm run bench:cockpit`: (1) ingestion throughput — N events already in Kafka, one cockpit instance
 * projects them; (2) event → API-visible latency at a steady 1,000 events/s — from just before the
 * produce call to the commit of the projection transaction (the API reads the projections directly, so
 * a committed event is visible to the next request). Own database, topics and group; removed afterwards.
 * Runs from sources through the swc require hook: benches are not part of the build.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SCHOOLS = Array.from({ length: 30 }, (_, index) => `31012${String(index + 1).padStart(5, '0')}`);

let sessionCounter = 0;

/** A realistic mix: mostly RADIUS sessions and rejections, some identity and device events. */
function nextEvent(index: number): AnyEnvelope {
  const school = SCHOOLS[index % SCHOOLS.length]!;
  const at = new Date();
  const roll = index % 100;
  if (roll < 35 || (roll < 70 && sessionCounter === 0)) {
    sessionCounter += 1;
    return sessionStartedEvent({
      sessionId: `s${sessionCounter}`,
      schoolCode: school,
      username: `u${index % 5000}`,
      at,
    });
  }
  if (roll < 70) {
    const sessionId = `s${Math.max(1, sessionCounter - 10)}`;
    return event(
      'netaccess.session.stopped.v1',
      {
        sessionId,
        username: `u${index % 5000}`,
        personId: null,
        macAddress: null,
        nasId: `nas-${school}`,
        framedIp: null,
        startedAt: at.toISOString(),
        stoppedAt: at.toISOString(),
        inputOctets: 1000,
        outputOctets: 2000,
        terminateCause: 'User-Request',
      },
      { schoolCode: school, occurredAt: at },
    );
  }
  if (roll < 90) {
    return event(
      'netaccess.auth.rejected.v1',
      {
        username: `u${index % 5000}`,
        macAddress: null,
        nasId: `nas-${school}`,
        method: 'pap',
        reason: roll % 2 ? 'bad-password' : 'unknown-user',
        at: at.toISOString(),
      },
      { schoolCode: school, occurredAt: at },
    );
  }
  if (roll < 95) {
    return event(
      'identity.person.created.v1',
      {
        personId: `p${index}`,
        kind: 'staff',
        staffNo: `T${index}`,
        studentNo: null,
        name: '教师',
        schoolCode: school,
        orgId: null,
        status: 'active',
      },
      { schoolCode: school, occurredAt: at },
    );
  }
  if (roll < 98) {
    return event(
      'identity.role.granted.v1',
      {
        personId: `p${index - 5}`,
        staffNo: null,
        role: 'teacher',
        scope: 'school',
        schoolCode: school,
        endsAt: null,
      },
      { schoolCode: school, occurredAt: at },
    );
  }
  return event(
    'netaccess.terminal.registered.v1',
    {
      terminalId: `t${index}`,
      macAddress: 'aa-bb-cc-dd-ee-ff',
      type: 'pc',
      isDomestic: index % 3 === 0,
      ownerPersonId: null,
    },
    { schoolCode: school, occurredAt: at },
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const suffix = uniqueRunId();
  const database = new TemporaryDatabase('cockpit_bench', suffix);
  const topicPrefix = `bench-${suffix}.`;
  const groupId = `bench-cockpit-${suffix}`;
  const dataSource = await openCockpitDatabase(database);
  await setActiveConsumerGroup(dataSource.manager, groupId);
  const kafka = testKafka('cockpit-bench');
  const producer = new EventProducer(kafka, topicPrefix);
  let committed = 0;
  let firstCommitAt = 0;
  let lastCommitAt = 0;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const engine = new ProjectionEngine({
    dataSource,
    kafka,
    groupId,
    topicPrefix,
    onEventsCommitted: (envelopes: EventEnvelope[]) => {
      const now = Date.now();
      if (firstCommitAt === 0) firstCommitAt = now;
      lastCommitAt = now;
      committed += envelopes.length;
      for (const envelope of envelopes) {
        const sent = sentAt.get(envelope.id);
        if (sent !== undefined) {
          latencies.push(now - sent);
          sentAt.delete(envelope.id);
        }
      }
    },
  });
  try {
    console.log(
      `cockpit bench: producing ${EVENTS.toLocaleString('en')} events into ${consumedTopics.length} topics (prefix ${topicPrefix})…`,
    );
    const produceStarted = Date.now();
    for (let offset = 0; offset < EVENTS; offset += 5_000) {
      await producer.send(
        Array.from({ length: Math.min(5_000, EVENTS - offset) }, (_, index) => nextEvent(offset + index)),
      );
    }
    console.log(`  produced in ${((Date.now() - produceStarted) / 1000).toFixed(1)} s`);

    // (1) Throughput: everything is waiting in Kafka; measure from the first to the last commit.
    const consumeStarted = Date.now();
    await engine.start();
    while (committed < EVENTS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (Date.now() - consumeStarted > 600_000)
        throw new Error(`only ${committed} of ${EVENTS} events applied after 10 minutes`);
    }
    const steadySeconds = (lastCommitAt - firstCommitAt) / 1000;
    const totalSeconds = (lastCommitAt - consumeStarted) / 1000;
    console.log(
      `ingestion: ${EVENTS.toLocaleString('en')} events in ${steadySeconds.toFixed(2)} s → ${Math.round(EVENTS / steadySeconds).toLocaleString('en')} events/s (first to last commit; ${Math.round(EVENTS / totalSeconds).toLocaleString('en')} events/s including the ${((firstCommitAt - consumeStarted) / 1000).toFixed(1)} s group join)`,
    );

    // (2) Latency at a steady rate.
    const ticksPerSecond = 20;
    const perTick = Math.max(1, Math.round(RATE / ticksPerSecond));
    const total = RATE * SECONDS;
    const before = committed;
    const rateStarted = Date.now();
    for (let tick = 0, produced = 0; produced < total; tick += 1) {
      const due = rateStarted + (tick * 1000) / ticksPerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = Array.from({ length: Math.min(perTick, total - produced) }, (_, index) =>
        nextEvent(EVENTS + produced + index),
      );
      const now = Date.now();
      for (const envelope of batch) sentAt.set(envelope.id, now);
      await producer.send(batch);
      produced += batch.length;
    }
    const achievedRate = total / ((Date.now() - rateStarted) / 1000);
    while (committed < before + total) await new Promise((resolve) => setTimeout(resolve, 50));
    latencies.sort((a, b) => a - b);
    console.log(
      `latency at ${Math.round(achievedRate).toLocaleString('en')} events/s for ${SECONDS} s (${latencies.length.toLocaleString('en')} events), event → API-visible: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
    );

    // What one live push costs: the overview read per changed scope.
    const indicators = new IndicatorsService(dataSource);
    const overviewStarted = Date.now();
    for (let round = 0; round < 5; round += 1) await indicators.overview('district');
    console.log(
      `live push: district overview read in ${Math.round((Date.now() - overviewStarted) / 5)} ms (pushed at most every LIVE_PUSH_INTERVAL_MS = 250 ms)`,
    );
    console.log(`targets: ingestion ≥ 10,000 events/s; p99 visible ≤ 2,000 ms`);
  } finally {
    await engine.stop();
    await producer.close();
    await dataSource.destroy();
    await database.drop();
    await cleanUpKafka({ topicPrefix, consumerGroups: [groupId] });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`cockpit bench failed: ${String(error)}`);
    process.exit(1);
  },
);
