import { randomUUID } from 'node:crypto';
import { ensureInfraUp, waitFor } from '@edubase/testing';
import { MessagingTestBed } from '../test/messaging-test-bed';

const DAY_MS = 24 * 3600_000;
const TOPIC = 'identity.person.created.v1';

describe('forgetting processed event ids', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    await ensureInfraUp(['kafka']);
    bed = await MessagingTestBed.open('messaging-forget');
  });

  afterAll(async () => {
    await bed?.close();
  });

  beforeEach(async () => {
    await bed.dataSource.query('DELETE FROM processed_event');
  });

  /** `count` processed ids of `group`, processed `ageMs` ago (MariaDB's seq_1_to_N sequence table). */
  async function remember(group: string, count: number, ageMs: number): Promise<void> {
    await bed.dataSource.query(
      `INSERT INTO processed_event (consumer_group, event_id, topic, processed_at)
       SELECT ?, UUID(), ?, ? FROM seq_1_to_${count}`,
      [group, TOPIC, new Date(Date.now() - ageMs)],
    );
  }

  async function remembered(): Promise<Record<string, number>> {
    const rows = (await bed.dataSource.query(
      `SELECT consumer_group AS consumerGroup, processed_at < ? AS old, COUNT(*) AS n
         FROM processed_event GROUP BY consumer_group, old ORDER BY consumer_group, old`,
      [new Date(Date.now() - 30 * DAY_MS)],
    )) as Array<{ consumerGroup: string; old: string | number; n: string | number }>;
    return Object.fromEntries(
      rows.map((row) => [`${row.consumerGroup}:${Number(row.old) ? 'old' : 'recent'}`, Number(row.n)]),
    );
  }

  it("deletes only the group's ids older than the retention, in more than one statement", async () => {
    const consumer = bed.consumer();
    const otherGroup = `${consumer.groupId}-other`;
    // One more than a statement deletes, so the loop has to go round twice.
    await remember(consumer.groupId, 5_001, 31 * DAY_MS);
    await remember(consumer.groupId, 3, 29 * DAY_MS);
    await remember(otherGroup, 2, 40 * DAY_MS);

    expect(await consumer.forgetProcessed()).toBe(5_001);
    expect(await remembered()).toEqual({
      [`${consumer.groupId}:recent`]: 3,
      [`${otherGroup}:old`]: 2,
    });
    expect(await consumer.forgetProcessed()).toBe(0);
  });

  it('forgets on its timer while the consumer runs', async () => {
    const consumer = bed
      .consumer({ groupId: `${bed.consumerGroup}-timer-${randomUUID().slice(0, 8)}`, forgetIntervalMs: 200 })
      .on(TOPIC, async () => undefined);
    await remember(consumer.groupId, 4, 31 * DAY_MS);
    await remember(consumer.groupId, 1, DAY_MS / 2);
    await consumer.start();
    await waitFor('old ids forgotten', 20_000, async () => {
      const left = await remembered();
      return left[`${consumer.groupId}:old`] === undefined;
    });
    expect(await remembered()).toEqual({ [`${consumer.groupId}:recent`]: 1 });
    await consumer.stop();
  });

  it('keeps every id when told to remember them for ever', async () => {
    const consumer = bed.consumer({ forgetProcessedAfterMs: Number.POSITIVE_INFINITY });
    await remember(consumer.groupId, 3, 400 * DAY_MS);
    expect(await consumer.forgetProcessed()).toBe(0);
    expect(await remembered()).toEqual({ [`${consumer.groupId}:old`]: 3 });
  });

  it('refuses a retention shorter than a day, which a redelivery could outlast', () => {
    expect(() => bed.consumer({ forgetProcessedAfterMs: DAY_MS - 1 })).toThrow(/at least one day/);
  });
});
