import type { EventEnvelope } from '@edubase/contracts';
import type { Kafka } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { EventConsumer } from './event-consumer';

const DAY_MS = 24 * 3600_000;
// Registration and option checks never touch the database or the broker.
const consumerOf = (options: { groupId?: string; forgetProcessedAfterMs?: number } = {}) =>
  new EventConsumer({
    dataSource: {} as DataSource,
    kafka: {} as Kafka,
    groupId: options.groupId ?? 'spec-group',
    ...(options.forgetProcessedAfterMs ? { forgetProcessedAfterMs: options.forgetProcessedAfterMs } : {}),
  });

class PersonProjection {
  applyCreated(envelope: EventEnvelope<'identity.person.created.v1'>, manager: EntityManager): Promise<void> {
    void envelope.data.personId;
    void manager;
    return Promise.resolve();
  }
}

describe('EventConsumer registration', () => {
  it('types the envelope from the topic: a handler written for another topic does not compile', () => {
    const projection = new PersonProjection();
    const consumer = consumerOf()
      .on('identity.person.created.v1', (envelope, manager) => projection.applyCreated(envelope, manager))
      // @ts-expect-error a role-granted envelope is not a person-created one
      .on('identity.role.granted.v1', (envelope, manager) => projection.applyCreated(envelope, manager))
      .onBatch('identity.person.updated.v1', async (envelopes) => {
        // @ts-expect-error person-updated payloads carry no role
        void envelopes[0]?.data.role;
      });
    expect(consumer.topics).toEqual([
      'identity.person.created.v1',
      'identity.role.granted.v1',
      'identity.person.updated.v1',
    ]);
  });

  it('refuses a second handler for one topic', () => {
    const consumer = consumerOf().on('identity.person.created.v1', () => Promise.resolve());
    expect(() => consumer.onBatch('identity.person.created.v1', () => Promise.resolve())).toThrow(
      'a handler for identity.person.created.v1 is already registered',
    );
  });

  it('refuses ids kept less than a day and group ids the ledger cannot key', () => {
    expect(() => consumerOf({ forgetProcessedAfterMs: DAY_MS - 1 })).toThrow('at least one day');
    expect(() => consumerOf({ groupId: 'g'.repeat(151) })).toThrow('1-150 characters');
    expect(consumerOf({ groupId: 'g'.repeat(150), forgetProcessedAfterMs: Infinity }).groupId).toHaveLength(
      150,
    );
  });

  it('starts nothing without handlers', async () => {
    await expect(consumerOf().start()).rejects.toThrow('consumer group spec-group has no handlers');
  });
});
