import { pendingSchemaChanges } from '@edubase/persistence';
import { ensureInfraUp, killKafka, recordOutboxWrites, waitFor } from '@edubase/testing';
import { MessagingTestBed } from '../test/messaging-test-bed';
import {
  applyToPersonProjection,
  PERSON_PROJECTION_TABLE,
  personPayload,
  personProjectionCount,
  personProjectionReport,
} from '../test/person-projection';
import { OutboxPublisher } from './index';

const TOPIC = 'identity.person.updated.v1';
const EVENTS = 10_000;
const KEYS = 12;
const EVENTS_PER_TRANSACTION = 50;

describe('outbox → relay → Kafka → idempotent consumer', () => {
  let bed: MessagingTestBed;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureInfraUp(['kafka']);
    bed = await MessagingTestBed.open('messaging-exactly-once', {
      poolSize: 12,
      tables: [PERSON_PROJECTION_TABLE],
    });
    await recordOutboxWrites(bed.dataSource);
  }, 180_000);

  afterAll(async () => {
    await bed?.close();
  }, 60_000);

  it('migrates the messaging tables with no drift from the entities', async () => {
    expect(await pendingSchemaChanges(bed.dataSource)).toEqual({ up: [], down: [] });
  });

  it('delivers 10,000 events exactly once and in per-key order while the broker is killed and restarted', async () => {
    const { dataSource } = bed;
    const relayErrors: string[] = [];
    const relay = bed.relay({
      backoff: { initialMs: 100, maxMs: 1_000, jitter: 0.2 },
      onError: (error) => relayErrors.push(error.message),
    });
    const consumer = bed
      .consumer({ onError: (error, where) => errors.push(`${where}: ${error.message}`) })
      .on(TOPIC, (envelope, manager) => applyToPersonProjection(manager, [envelope]));
    await consumer.start();
    relay.start();

    const publisher = new OutboxPublisher(bed.name);
    const nextSeq = new Array<number>(KEYS).fill(0);
    const projected = (): Promise<number> => personProjectionCount(dataSource);

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
          // The sequence travels in staffNo so the projection can check per-key order.
          const data = personPayload(`person-${key}`, { staffNo: String(nextSeq[key]) });
          events.push({ aggregateKey: `person-${key}`, data });
        }
        await publisher.publishMany(manager, TOPIC, events);
      });
      written += EVENTS_PER_TRANSACTION;
      // Kill the broker once consumption is under way, keep writing while it is down, then bring it back.
      if (killedAt < 0 && written >= 3_000) {
        await waitFor('first events to be consumed', 30_000, async () => (await projected()) > 500);
        await killKafka();
        killedAt = written;
        restart = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => ensureInfraUp(['kafka']));
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await restart;
    await waitFor('all events in the projection', 100_000, async () => (await projected()) >= EVENTS);
    expect(await relay.flush(10_000)).toBe(true);
    // Give any redelivery after the restart time to show up as a duplicate application.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const seconds = (Date.now() - started) / 1000;

    expect(await personProjectionReport(dataSource)).toEqual({
      applied: EVENTS,
      distinct: EVENTS,
      outOfOrder: [],
    });
    // Every event was written once, and every row was deleted once Kafka had it.
    const [outbox] = await dataSource.query(
      'SELECT (SELECT COUNT(*) FROM outbox_event_written) AS written, (SELECT COUNT(*) FROM outbox_event) AS unsent',
    );
    expect({ written: Number(outbox.written), unsent: Number(outbox.unsent) }).toEqual({
      written: EVENTS,
      unsent: 0,
    });
    const [processed] = await dataSource.query('SELECT COUNT(*) AS n FROM processed_event');
    expect(Number(processed.n)).toBe(EVENTS);

    // The broker really went away: the relay had to recover from send failures by itself.
    expect(killedAt).toBeGreaterThan(0);
    expect(relayErrors.length).toBeGreaterThan(0);

    expect(await bed.counter('edubase_messaging_consumed_total')).toBe(EVENTS);
    expect(await bed.counter('edubase_outbox_published_total')).toBeGreaterThanOrEqual(EVENTS);
    expect(await bed.counter('edubase_outbox_unsent_events')).toBe(0);
    // Redeliveries must be skipped as duplicates, not fail on processed_event's key and be dead-lettered.
    expect(await bed.counter('edubase_messaging_dead_lettered_total')).toBe(0);
    console.log(
      `exactly-once run: ${EVENTS} events in ${seconds.toFixed(1)} s, broker killed after ${killedAt} written, ` +
        `${relayErrors.length} relay errors, ` +
        `${await bed.counter('edubase_messaging_duplicates_skipped_total')} duplicates skipped`,
    );
  }, 180_000);
});
