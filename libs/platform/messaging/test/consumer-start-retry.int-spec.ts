// A consumer whose topic Kafka does not know yet (a broker that just came back and has not loaded its
// metadata; topics managed by Strimzi and not created yet) must not fail its service's start-up: it keeps
// starting again with back-off, readiness says why meanwhile, and it consumes once the topic is there.
import { waitFor } from '@edubase/testing';
import { MessagingTestBed } from './messaging-test-bed';
import { personPayload } from './person-projection';
import { ConsumerReadiness, deadLetterTopicName, ensureTopics, OutboxPublisher } from '../src/index';

const TOPIC = 'identity.person.created.v1';

describe('EventConsumer start before its topic exists', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.open('messaging-start-retry');
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
  }, 60_000);

  it('starts again with back-off, is not ready meanwhile, and consumes once the topic is created', async () => {
    const failures: string[] = [];
    const consumed: string[] = [];
    const consumer = bed
      .consumer({
        // The service may not create topics (as with Strimzi-managed topics): the topic is missing until
        // this test creates it.
        createTopics: false,
        startBackoff: { initialMs: 300, maxMs: 1_000, jitter: 0 },
        onError: (error, where) => failures.push(`${where}: ${error.message}`),
      })
      .on(TOPIC, async (envelope) => {
        consumed.push(envelope.id);
      });
    const readiness = new ConsumerReadiness(consumer);

    await consumer.start(); // before: rejected with "This server does not host this topic-partition"
    expect(failures[0]).toMatch(/consumer start failed.*does not host this topic-partition/);
    await expect(readiness.check()).rejects.toThrow(/starting again after: .*topic-partition/);

    // A few seconds later the topic appears; the consumer was still trying meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(failures.filter((failure) => /start attempt \d+ failed/.test(failure)).length).toBeGreaterThan(0);
    const admin = bed.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [bed.kafkaTopic(TOPIC), deadLetterTopicName(bed.kafkaTopic(TOPIC))]);
    } finally {
      await admin.disconnect();
    }

    await consumer.whenJoined(60_000);
    await waitFor('the consumer to be ready', 30_000, () => consumer.notRunningReason() === null);
    await expect(readiness.check()).resolves.toBeUndefined();

    const publisher = new OutboxPublisher(bed.name);
    const [envelope] = await bed.dataSource.transaction((manager) =>
      publisher.publishMany(manager, TOPIC, [{ aggregateKey: 'person-1', data: personPayload('person-1') }]),
    );
    bed.relay().start();
    await waitFor('the event to be consumed', 45_000, () => consumed.includes(envelope!.id));
  }, 120_000);
});
