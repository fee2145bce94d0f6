import { recordOutboxWrites, waitFor } from '@edubase/testing';
import { Producer } from 'kafkajs';
import { DeadLetter, MessagingTestBed } from '../test/messaging-test-bed';
import {
  applyToPersonProjection,
  PERSON_PROJECTION_TABLE,
  personPayload,
  personProjectionCount,
  personProjectionReport,
} from '../test/person-projection';
import { DLQ_HEADERS, EventConsumer, OutboxPublisher } from './index';

const TOPIC = 'identity.person.updated.v1';
const KEYS = 5;
const EVENTS = 300;

describe('batch handlers (onBatch)', () => {
  const batchSizes: number[] = [];
  /** Event ids whose after-commit hook ran, in the order they ran. */
  const afterCommitIds: string[] = [];
  let bed: MessagingTestBed;
  let consumer: EventConsumer;
  let rawProducer: Producer;
  let deadLetters: DeadLetter[];

  beforeAll(async () => {
    bed = await MessagingTestBed.open('messaging-batch', { tables: [PERSON_PROJECTION_TABLE] });
    await recordOutboxWrites(bed.dataSource);
    consumer = bed
      .consumer({ maxAttempts: 2, retryBackoff: { initialMs: 50, maxMs: 100, jitter: 0 } })
      .onBatch(TOPIC, async (envelopes, manager, deliveries) => {
        // Deliveries line up with envelopes, one per event.
        if (
          deliveries.some((delivery, index) => delivery.headers['edubase-event-id'] !== envelopes[index]!.id)
        )
          throw new Error('deliveries out of line with envelopes');
        // Registered before the poison check: the run holding the poison event rolls back, and its hooks
        // must go with it.
        envelopes.forEach((envelope, index) =>
          deliveries[index]!.afterCommit(() => afterCommitIds.push(envelope.id)),
        );
        if (envelopes.some((envelope) => envelope.data.name === 'poison'))
          throw new Error('projection refuses poison');
        batchSizes.push(envelopes.length);
        await applyToPersonProjection(manager, envelopes);
      });
    await consumer.start();
    bed.relay().start();
    rawProducer = await bed.rawProducer();
    deadLetters = (await bed.deadLetterReader(TOPIC)).letters;
    await consumer.whenJoined(60_000);
  }, 120_000);

  afterAll(async () => {
    await bed?.close();
  }, 60_000);

  const settled = (what: string, check: () => Promise<boolean> | boolean): Promise<true> =>
    waitFor(what, 45_000, check, { intervalMs: 50 });

  it('applies runs of events per call, skips redelivered ids, dead-letters only the poison event, keeps key order', async () => {
    const publisher = new OutboxPublisher(bed.name);
    // Written before the relay may send them, so the consumer gets multi-event runs.
    const seq = new Array<number>(KEYS).fill(0);
    let poisonId = '';
    await bed.dataSource.transaction(async (manager) => {
      for (let i = 0; i < EVENTS; i += 1) {
        const key = i % KEYS;
        seq[key] = seq[key]! + 1;
        const poison = i === EVENTS / 2;
        const [envelope] = await publisher.publishMany(manager, TOPIC, [
          {
            aggregateKey: `person-${key}`,
            // The poison event does not advance its key's sequence in the projection.
            data: personPayload(`person-${key}`, {
              staffNo: String(poison ? 0 : seq[key]!),
              ...(poison ? { name: 'poison' } : {}),
            }),
          },
        ]);
        if (poison) {
          poisonId = envelope!.id;
          seq[key] = seq[key]! - 1;
        }
      }
    });
    await settled(
      'all valid events projected',
      async () => (await personProjectionCount(bed.dataSource)) >= EVENTS - 1,
    );
    await settled('the poison event in the DLQ', () => deadLetters.length >= 1);

    // A redelivery of an applied event (the same bytes again) must be skipped, not applied twice.
    const [first] = (await bed.dataSource.query(
      'SELECT payload, aggregate_key AS aggregateKey, event_id AS eventId FROM outbox_event_written ORDER BY id LIMIT 1',
    )) as Array<{ payload: string; aggregateKey: string; eventId: string }>;
    const duplicatesBefore = await bed.counter('edubase_messaging_duplicates_skipped_total');
    await rawProducer.send({
      topic: bed.kafkaTopic(TOPIC),
      messages: [
        { key: first!.aggregateKey, value: first!.payload, headers: { 'edubase-event-id': first!.eventId } },
      ],
    });
    await settled(
      'the redelivery to be skipped',
      async () => (await bed.counter('edubase_messaging_duplicates_skipped_total')) > duplicatesBefore,
    );
    // The same event with its id in upper case (a UUID all the same) is the same event.
    const shouted = JSON.parse(first!.payload) as { id: string };
    shouted.id = shouted.id.toUpperCase();
    await rawProducer.send({
      topic: bed.kafkaTopic(TOPIC),
      messages: [{ key: first!.aggregateKey, value: JSON.stringify(shouted) }],
    });
    await settled(
      'the upper-case redelivery to be skipped',
      async () => (await bed.counter('edubase_messaging_duplicates_skipped_total')) > duplicatesBefore + 1,
    );

    expect(await personProjectionReport(bed.dataSource)).toEqual({
      applied: EVENTS - 1,
      distinct: EVENTS - 1,
      outOfOrder: [],
    });
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]!.value).id).toBe(poisonId);
    expect(deadLetters[0]!.headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'poison',
      [DLQ_HEADERS.error]: 'projection refuses poison',
    });
    // At least one call carried several events: the handler really ran per run, not per event.
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(await bed.counter('edubase_messaging_consumed_total')).toBe(EVENTS - 1);
    // After-commit hooks: once per applied event, none for the rolled-back run, the poison event or a
    // skipped redelivery.
    const written = (await bed.dataSource.query(
      'SELECT event_id AS eventId FROM outbox_event_written',
    )) as Array<{
      eventId: string;
    }>;
    expect([...afterCommitIds].sort()).toEqual(
      written
        .map((row) => row.eventId)
        .filter((id) => id !== poisonId)
        .sort(),
    );
  });
});
