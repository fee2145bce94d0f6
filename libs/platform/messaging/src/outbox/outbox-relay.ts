import { Admin, Kafka, Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource, QueryRunner } from 'typeorm';
import { BackoffPolicy, backoffDelay, defaultBackoff, sleep } from '../backoff';
import { ensureTopics, KeyHashPartitioner } from '../kafka/kafka-client';
import { MessagingMetrics, OutboxBacklog } from '../metrics/messaging-metrics';
import { onOutboxCommit } from './outbox-signal';
import { SentRowDeleter } from './sent-row-deleter';
import { startPublishSpans } from '../trace-context';
import { chunk, consecutiveRuns, toTopicMessages, UnsentOutboxRow } from './relay-batch';

// Named locks are server-wide: scope the relay lock to the service's own database.
const LOCK_NAME = "CONCAT(DATABASE(), '.outbox_relay')";

/** Rows read and sent per round trip unless `batchSize` says otherwise. */
export const DEFAULT_RELAY_BATCH_SIZE = 500;

/**
 * Batches sent but not yet deleted before the relay waits for the deletes to catch up. Wide enough that a
 * slow DELETE never stalls sending (the consumers see the events sooner); bounded because a crash re-sends
 * that many rows (consumers skip the repeats).
 */
const DELETE_SENT_WINDOW_BATCHES = 20;

export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: Kafka;
  /** Label of the metrics; usually the service name. */
  serviceName: string;
  /** Prepended to every Kafka topic name (tests and benchmarks use their own namespace). */
  topicPrefix?: string;
  /** Rows read and sent per round trip. */
  batchSize?: number;
  /** How often the table is checked when nothing in this process signalled a commit. */
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  metricsRegistry?: Registry;
  onError?: (error: Error) => void;
}

/**
 * Sends committed outbox rows to Kafka in id order and deletes them once Kafka has them, so the table holds
 * only the backlog. One relay per database works at a time (a MariaDB named lock held for each round), so
 * several instances of a service never reorder an aggregate's events; the others stand by and take over when
 * it stops or dies. Delivery is at least once: a crash between send and delete re-sends, and consumers drop
 * the duplicate by event id.
 */
export class OutboxRelay {
  private readonly options: Required<Omit<OutboxRelayOptions, 'metricsRegistry' | 'onError'>> &
    Pick<OutboxRelayOptions, 'onError'>;
  private readonly metrics: MessagingMetrics;
  private producer: Producer | null = null;
  private admin: Admin | null = null;
  private lockRunner: QueryRunner | null = null;
  private readonly knownTopics = new Set<string>();
  private running = false;
  private loop: Promise<void> | null = null;
  private stopController = new AbortController();
  private wakeRequested = false;
  private wakeWaiter: (() => void) | null = null;
  private unsubscribers: Array<() => void> = [];

  constructor(options: OutboxRelayOptions) {
    this.options = {
      topicPrefix: '',
      batchSize: DEFAULT_RELAY_BATCH_SIZE,
      pollIntervalMs: 200,
      backoff: defaultBackoff,
      ...options,
    };
    this.metrics = MessagingMetrics.for(options.metricsRegistry);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopController = new AbortController();
    this.unsubscribers = [
      onOutboxCommit(this.options.dataSource, () => this.wake()),
      this.metrics.addBacklogSource(this.options.serviceName, () => this.backlog()),
    ];
    this.loop = this.run();
  }

  /** Stops after the current round; rows not yet sent stay in the table for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
    this.wakeWaiter?.();
    await this.loop;
    this.loop = null;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    await this.disconnectKafka();
    await this.releaseLockRunner();
  }

  /** Wakes the relay now instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeWaiter?.();
  }

  /** Waits until every committed row is sent (e.g. before shutdown); false if that took longer than the timeout. */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.wake();
    for (;;) {
      const { unsent } = await this.backlog();
      if (unsent === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(20);
    }
  }

  async backlog(): Promise<OutboxBacklog> {
    const rows: Array<{ unsent: string | number; oldest: Date | null }> = await this.options.dataSource.query(
      'SELECT COUNT(*) AS unsent, MIN(created_at) AS oldest FROM outbox_event',
    );
    const row = rows[0];
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
    return {
      unsent: Number(row?.unsent ?? 0),
      oldestUnsentAgeSeconds: oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        if (sent < this.options.batchSize) await this.waitForWake(this.options.pollIntervalMs);
      } catch (error) {
        failures += 1;
        this.options.onError?.(error as Error);
        // A dead broker leaves the producer in an unknown state: start from a fresh connection next time.
        await this.disconnectKafka();
        await this.releaseLockRunner();
        await sleep(backoffDelay(failures, this.options.backoff), this.stopController.signal);
      }
    }
  }

  /**
   * One round: take the lock, then drain unsent rows in batches until fewer than batchSize come back.
   * Stages overlap: the next batch is read while this one is sent, and the sent rows are deleted on other
   * connections, one DELETE at a time covering every batch sent meanwhile (SentRowDeleter). Sends stay
   * strictly sequential, so Kafka sees id order.
   * Returns how many rows were sent.
   */
  private async relayOnce(): Promise<number> {
    this.wakeRequested = false;
    const runner = await this.connectedLockRunner();
    const [lock] = (await runner.query(`SELECT GET_LOCK(${LOCK_NAME}, 0) AS acquired`)) as Array<{
      acquired: string | number | null;
    }>;
    if (Number(lock?.acquired) !== 1) return 0;
    const deleter = new SentRowDeleter(
      (ids) => this.deleteSent(ids),
      DELETE_SENT_WINDOW_BATCHES * this.options.batchSize,
    );
    let sent = 0;
    let next: Promise<UnsentOutboxRow[]> | null = this.readUnsent(runner, '0');
    try {
      while (next) {
        const rows = await next;
        next = null;
        if (rows.length === 0) break;
        // Rows below the cursor may still be waiting for their delete; never read them twice.
        if (rows.length === this.options.batchSize && this.running) {
          next = this.readUnsent(runner, rows[rows.length - 1]!.id);
        }
        const topicMessages = toTopicMessages(rows, this.options.topicPrefix);
        await this.ensureTopicsExist(topicMessages.map((entry) => entry.topic));
        const producer = await this.connectedProducer();
        const publishSpans = startPublishSpans(topicMessages);
        try {
          await producer.sendBatch({ topicMessages, acks: -1 });
        } catch (error) {
          publishSpans.end(error);
          throw error;
        }
        publishSpans.end();
        sent += rows.length;
        for (const { topic, messages } of topicMessages) {
          this.metrics.published.inc(
            { service: this.options.serviceName, topic: topic.slice(this.options.topicPrefix.length) },
            messages.length,
          );
        }
        await deleter.add(rows.map((row) => row.id));
      }
    } finally {
      // Settle everything before letting another relay in; a failed delete only means a re-send later.
      const settled = await Promise.allSettled([...(next ? [next] : []), deleter.settle()]);
      await runner.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`);
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed && failed.status === 'rejected') this.options.onError?.(failed.reason as Error);
    }
    return sent;
  }

  private readUnsent(runner: QueryRunner, afterId: string): Promise<UnsentOutboxRow[]> {
    // Every row in the table is unsent, so a primary-key range from the cursor yields exactly the next batch.
    // Event id, key and payload come as bytes (BINARY), which is what Kafka sends: no UTF-8 decoding here and
    // encoding again in kafkajs.
    return runner.query(
      `SELECT id, CAST(event_id AS BINARY) AS eventId, topic, CAST(aggregate_key AS BINARY) AS aggregateKey,
              CAST(payload AS BINARY) AS payload, headers
         FROM outbox_event WHERE id > ? ORDER BY id LIMIT ?`,
      [afterId, this.options.batchSize],
    ) as Promise<UnsentOutboxRow[]>;
  }

  private async deleteSent(ids: string[]): Promise<void> {
    // One statement per 1,000 runs of consecutive ids: usually one statement for the whole set.
    for (const runs of chunk(consecutiveRuns(ids), 1000)) {
      const singles = runs.filter((run) => run.first === run.last).map((run) => run.first);
      const ranges = runs.filter((run) => run.first !== run.last);
      const conditions = [
        ...ranges.map(() => 'id BETWEEN ? AND ?'),
        ...(singles.length > 0 ? ['id IN (?)'] : []),
      ];
      await this.options.dataSource.query(`DELETE FROM outbox_event WHERE ${conditions.join(' OR ')}`, [
        ...ranges.flatMap((run) => [run.first, run.last]),
        ...(singles.length > 0 ? [singles] : []),
      ]);
    }
  }

  private waitForWake(ms: number): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeWaiter = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeWaiter = done;
    });
  }

  private async connectedLockRunner(): Promise<QueryRunner> {
    if (!this.lockRunner) {
      const runner = this.options.dataSource.createQueryRunner();
      await runner.connect();
      this.lockRunner = runner;
    }
    return this.lockRunner;
  }

  private async releaseLockRunner(): Promise<void> {
    const runner = this.lockRunner;
    this.lockRunner = null;
    // Releasing the connection also frees the named lock if the round failed half-way.
    await runner?.release().catch(() => undefined);
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.options.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // DefaultPartitioner's key → partition mapping, hashed without kafkajs' BigInt arithmetic.
        createPartitioner: KeyHashPartitioner,
        retry: { initialRetryTime: 100, retries: 3, maxRetryTime: 1_000 },
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async ensureTopicsExist(topics: string[]): Promise<void> {
    const missing = topics.filter((topic) => !this.knownTopics.has(topic));
    if (missing.length === 0) return;
    if (!this.admin) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    await ensureTopics(this.admin, missing);
    for (const topic of missing) this.knownTopics.add(topic);
  }

  private async disconnectKafka(): Promise<void> {
    const { producer, admin } = this;
    this.producer = null;
    this.admin = null;
    await Promise.all([
      producer?.disconnect().catch(() => undefined),
      admin?.disconnect().catch(() => undefined),
    ]);
  }
}
