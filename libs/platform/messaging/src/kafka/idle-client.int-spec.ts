import { KAFKA_BROKERS, uniqueRunId } from '@edubase/testing';
import { Admin, Producer } from 'kafkajs';
import { createKafka } from './kafka-client';

/**
 * kafkajs 2.2.4 re-armed a negative timer (Node clamps it to 1 ms) in every broker connection's request
 * queue once a first request had been answered, so an idle service woke about 1,000 times a second per
 * connection (and Node 24 printed TimeoutNegativeWarning). `patches/kafkajs+2.2.4.patch`, applied by
 * `npm ci`'s postinstall, stops it; this suite fails if the patch is missing or no longer applies.
 */
describe('an idle kafkajs client', () => {
  let producer: Producer;
  let admin: Admin;

  beforeAll(async () => {
    const kafka = createKafka({ clientId: `idle-${uniqueRunId()}`, brokers: KAFKA_BROKERS });
    producer = kafka.producer();
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    // A request answered on each connection: that is what started the loop.
    await admin.listTopics();
  }, 30_000);

  afterAll(async () => {
    await Promise.allSettled([producer?.disconnect(), admin?.disconnect()]);
  });

  it('sets no timers while nothing is pending', async () => {
    const armed: number[] = [];
    const realSetTimeout = global.setTimeout;
    const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((
      callback: (...args: unknown[]) => void,
      delay?: number,
      ...args: unknown[]
    ) => {
      if (typeof delay === 'number' && delay <= 0) armed.push(delay);
      return realSetTimeout(callback, delay, ...args);
    }) as typeof setTimeout);
    try {
      await new Promise((resolve) => realSetTimeout(resolve, 500));
    } finally {
      spy.mockRestore();
    }
    // Unpatched: several hundred in half a second.
    expect(armed).toEqual([]);
  });
});
