import { randomUUID } from 'node:crypto';
import { newEventId } from '@edubase/contracts';
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

  /**
   * `count` processed ids of `group`, processed `ageMs` ago: UUIDv7 ids made then, or (`legacy`) UUIDv4 ids as
   * events carried before `newEventId`, spread over the key space (the first one below every UUIDv7) but not
   * among the last weeks' UUIDv7 ids, where forgetting does not look for them.
   */
  async function remember(group: string, count: number, ageMs: number, legacy = false): Promise<void> {
    const at = Date.now() - ageMs;
    const legacyId = (i: number) =>
      `${(i === 0 ? 1 : 0x0200_0000 + i * 0x0380_0000).toString(16).padStart(8, '0')}-58cc-4372-a567-${randomUUID().slice(-12)}`;
    const ids = Array.from({ length: count }, (_, i) => (legacy ? legacyId(i) : newEventId(at)));
    await bed.dataSource.query(
      `INSERT INTO processed_event (consumer_group, event_id, topic, processed_at)
       SELECT ?, UNHEX(REPLACE(id, '-', '')), ?, ? FROM JSON_TABLE(?, '$[*]' COLUMNS (id CHAR(36) PATH '$')) AS ids`,
      [group, TOPIC, new Date(at), JSON.stringify(ids)],
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

  it('forgets old UUIDv4 ids too, which are not in time order', async () => {
    const consumer = bed.consumer();
    await remember(consumer.groupId, 40, 31 * DAY_MS, true);
    await remember(consumer.groupId, 40, 2 * DAY_MS, true);
    await remember(consumer.groupId, 10, 31 * DAY_MS);

    expect(await consumer.forgetProcessed()).toBe(50);
    expect(await remembered()).toEqual({ [`${consumer.groupId}:recent`]: 40 });
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
