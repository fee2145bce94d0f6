import { decodeEnvelope, EventEnvelope, firstEventIdBytesAt, Topic } from '@edubase/contracts';
import {
  Admin,
  Batch,
  Consumer,
  EachBatchPayload,
  IHeaders,
  Kafka,
  KafkaMessage,
  Partitioners,
  Producer,
} from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { BackoffPolicy, backoffDelay, sleep } from '../backoff';
import { deadLetterTopicName, ensureTopics, kafkaTopicName } from '../kafka/kafka-client';
import { MessagingMetrics, PartitionLag } from '../metrics/messaging-metrics';
import { kafkaHeadersToStrings, withConsumerBatchSpans, withConsumerSpan } from '../trace-context';

/** Where a delivered message came from (handlers rarely need it, logs and tests do), and its commit hook. */
export interface Delivery {
  kafkaTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /**
   * Runs `callback` once the transaction applying this event has committed, and never if it rolls back
   * (a failed run is replayed, calling the handler again). For effects outside the database, such as a
   * packet to a network device, which a replay must not repeat. Errors go to `onError`.
   */
  afterCommit(callback: () => void): void;
}

/**
 * A projection step. It runs inside the transaction that also records the event id as processed: write
 * through `manager` only, and throw to reject (the event is retried, then dead-lettered).
 */
export type EventHandler<T extends Topic> = (
  envelope: EventEnvelope<T>,
  manager: EntityManager,
  delivery: Delivery,
) => Promise<void>;

/**
 * A projection step for a run of events of one topic (in partition order, duplicates already removed):
 * one call per database transaction, so the handler can write them with a few multi-row statements
 * instead of a round trip per event. The same rules as `EventHandler` apply: write through `manager` only,
 * and throw to reject (the run is then replayed one event per call, to retry and dead-letter only the
 * poison event). `deliveries[i]` belongs to `envelopes[i]`.
 */
export type BatchEventHandler<T extends Topic> = (
  envelopes: EventEnvelope<T>[],
  manager: EntityManager,
  deliveries: Delivery[],
) => Promise<void>;

type EachHandle = Extract<StoredHandler, { kind: 'each' }>['handle'];
type BatchHandle = Extract<StoredHandler, { kind: 'batch' }>['handle'];

type StoredHandler =
  | {
      kind: 'each';
      handle: (envelope: EventEnvelope, manager: EntityManager, delivery: Delivery) => Promise<void>;
    }
  | {
      kind: 'batch';
      handle: (envelopes: EventEnvelope[], manager: EntityManager, deliveries: Delivery[]) => Promise<void>;
    };

/**
 * The fetch settings of every EventConsumer: the broker answers as soon as one byte is there (latency),
 * waits at most 100 ms when idle, and hands over up to 1 MiB per partition per fetch (throughput; a few
 * thousand envelopes, applied in transactions of `transactionBatchSize`).
 */
export const CONSUMER_FETCH_DEFAULTS = {
  minBytes: 1,
  maxWaitTimeInMs: 100,
  maxBytesPerPartition: 1_048_576,
  maxBytes: 10_485_760,
} as const;

/** `processed_event.consumer_group` is VARCHAR(150). */
const MAX_GROUP_ID_LENGTH = 150;

const DAY_MS = 24 * 3600_000;
/** Rows deleted per statement when forgetting processed ids: short statements never hold up the consumer. */
const FORGET_CHUNK = 5_000;

/** An event id as `processed_event` keys it: its 16 bytes (the case of its hex digits does not matter). */
const idBytes = (id: string): Buffer => Buffer.from(id.replaceAll('-', ''), 'hex');
const idHex = (id: string): string => id.replaceAll('-', '').toLowerCase();

export interface EventConsumerOptions {
  dataSource: DataSource;
  kafka: Kafka;
  groupId: string;
  topicPrefix?: string;
  /** Handler attempts before a message is dead-lettered as poison. */
  maxAttempts?: number;
  retryBackoff?: BackoffPolicy;
  /** Messages applied per database transaction on the fast path. */
  transactionBatchSize?: number;
  /** Partitions processed in parallel; each partition stays strictly in order. */
  partitionsConsumedConcurrently?: number;
  /**
   * Group session timeout. Shorter than kafkajs' 30 s default so that after a broker restart the group
   * stops waiting for the member's old incarnation sooner.
   */
  sessionTimeoutMs?: number;
  /**
   * How long an applied event id is remembered (default 30 days, at least 1 day; `Infinity`: for ever). A
   * redelivery comes from the group's committed offset, so ids only have to outlive the time a redelivery
   * can lag behind them: seconds after a crash or rebalance. Kafka drops a group's offsets once it has been
   * empty for `offsets.retention.minutes`; the group then re-reads from the earliest message, and ids
   * forgotten by then would be applied a second time. That is harmless where the broker keeps offsets at
   * least as long as messages (`infra:up`: 180 days each) or where replaying the history converges to the
   * same state; a projection that counts events from topics kept for ever must keep its ids for ever.
   */
  forgetProcessedAfterMs?: number;
  /** How often ids older than `forgetProcessedAfterMs` are deleted (default hourly). */
  forgetIntervalMs?: number;
  metricsRegistry?: Registry;
  /** Called after each commit with the events it applied (not the skipped duplicates). */
  onCommitted?: (envelopes: EventEnvelope[]) => void;
  onError?: (error: Error, where: string) => void;
}

export const DLQ_HEADERS = {
  error: 'dlq-error',
  reason: 'dlq-reason',
  sourceTopic: 'dlq-source-topic',
  partition: 'dlq-source-partition',
  offset: 'dlq-source-offset',
  group: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

export type DeadLetterReason = 'invalid' | 'poison';

interface Decoded {
  message: KafkaMessage;
  envelope: EventEnvelope;
}

/** Rolls back an optimistic claim that met an already-processed id; the run is redone with a lookup. */
class AlreadyProcessed extends Error {}

/** What mysql2 reports for INSERT and DELETE statements. */
interface WriteResult {
  affectedRows: number;
  warningStatus?: number;
}

/**
 * Consumes catalog topics into the service's own database, exactly once in effect: each event id is
 * recorded in `processed_event` in the transaction of the handler's writes, a redelivered id is skipped,
 * and offsets are committed only after that transaction. Undecodable messages and handlers that keep
 * failing go to `<topic>.dlq` with the original bytes, so nothing is lost and the partition moves on.
 */
export class EventConsumer {
  private readonly handlers = new Map<Topic, StoredHandler>();
  private readonly options: Required<
    Omit<EventConsumerOptions, 'metricsRegistry' | 'onCommitted' | 'onError'>
  > &
    Pick<EventConsumerOptions, 'onCommitted' | 'onError'>;
  private readonly metrics: MessagingMetrics;
  private consumer: Consumer | null = null;
  private deadLetterProducer: Producer | null = null;
  private admin: Admin | null = null;
  private running = false;
  private stopController = new AbortController();
  private removeLagSource: (() => void) | null = null;
  private joined: { promise: Promise<void>; resolve: () => void } | null = null;
  private forgetTimer: NodeJS.Timeout | null = null;
  private forgetting: Promise<unknown> | null = null;

  constructor(options: EventConsumerOptions) {
    this.options = {
      topicPrefix: '',
      maxAttempts: 3,
      retryBackoff: { initialMs: 200, maxMs: 2_000, jitter: 0.2 },
      transactionBatchSize: 500,
      partitionsConsumedConcurrently: 3,
      sessionTimeoutMs: 10_000,
      forgetProcessedAfterMs: 30 * DAY_MS,
      forgetIntervalMs: 3600_000,
      ...options,
    };
    if (!(this.options.forgetProcessedAfterMs >= DAY_MS))
      throw new Error(
        `forgetProcessedAfterMs must be at least one day (${DAY_MS} ms): a redelivery must still find its id`,
      );
    if (this.options.groupId.length === 0 || this.options.groupId.length > MAX_GROUP_ID_LENGTH)
      throw new Error(
        `consumer group id must be 1-${MAX_GROUP_ID_LENGTH} characters: ${this.options.groupId}`,
      );
    this.metrics = MessagingMetrics.for(options.metricsRegistry);
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): Topic[] {
    return [...this.handlers.keys()];
  }

  /** Registers the handler of one topic; the envelope type follows from the topic name. */
  on<T extends Topic>(topic: T, handler: EventHandler<T>): this {
    // Safe widening: a message reaches this handler only after decodeEnvelope validated it against `topic`.
    return this.register(topic, { kind: 'each', handle: handler as unknown as EachHandle });
  }

  /**
   * Registers the batch handler of one topic: called once per transaction with every new event of the
   * run, for projections that write many events with one statement. Same guarantees as `on`.
   */
  onBatch<T extends Topic>(topic: T, handler: BatchEventHandler<T>): this {
    // Safe widening, as in `on`.
    return this.register(topic, { kind: 'batch', handle: handler as unknown as BatchHandle });
  }

  private register(topic: Topic, handler: StoredHandler): this {
    if (this.running) throw new Error(`cannot add a handler for ${topic} while the consumer runs`);
    if (this.handlers.has(topic)) throw new Error(`a handler for ${topic} is already registered`);
    this.handlers.set(topic, handler);
    return this;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.handlers.size === 0) throw new Error(`consumer group ${this.options.groupId} has no handlers`);
    this.running = true;
    this.stopController = new AbortController();
    const kafkaTopics = this.topics.map((topic) => kafkaTopicName(topic, this.options.topicPrefix));
    const admin = this.options.kafka.admin();
    await admin.connect();
    this.admin = admin;
    await ensureTopics(admin, [...kafkaTopics, ...kafkaTopics.map(deadLetterTopicName)]);

    const producer = this.options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    this.deadLetterProducer = producer;

    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      ...CONSUMER_FETCH_DEFAULTS,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(this.options.sessionTimeoutMs / 10)),
      // Always come back after a crash (e.g. the broker restarted); processing is idempotent.
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000, restartOnFailure: async () => true },
    });
    let resolveJoined = (): void => undefined;
    const joined = {
      promise: new Promise<void>((resolve) => (resolveJoined = resolve)),
      resolve: () => resolveJoined(),
    };
    this.joined = joined;
    consumer.on(consumer.events.GROUP_JOIN, () => joined.resolve());
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.options.onError?.(payload.error, `consumer crash (restart: ${payload.restart})`),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: kafkaTopics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.processBatch(payload),
    });
    this.consumer = consumer;
    this.removeLagSource = this.metrics.addLagSource(this.options.groupId, () => this.lag());
    if (Number.isFinite(this.options.forgetProcessedAfterMs)) this.startForgetting();
  }

  private startForgetting(): void {
    this.forgetTimer = setInterval(() => {
      this.forgetting ??= this.forgetProcessed()
        .catch((error: Error) => this.options.onError?.(error, 'forgetting processed event ids'))
        .finally(() => (this.forgetting = null));
    }, this.options.forgetIntervalMs);
    // Housekeeping must not keep a process alive that is otherwise done.
    this.forgetTimer.unref();
  }

  /**
   * Deletes this group's processed ids older than `forgetProcessedAfterMs` (or than `before`), in short
   * statements; returns how many. Runs on a timer while the consumer runs.
   */
  async forgetProcessed(
    before = new Date(Date.now() - this.options.forgetProcessedAfterMs),
  ): Promise<number> {
    // Kept for ever: Date.now() - Infinity is no date.
    if (Number.isNaN(before.getTime())) return 0;
    // UUIDv7 ids made before `before` are the start of the group's key. Ids of other versions are spread over
    // the whole key; those above every UUIDv7 made so far are looked at too (a range of them alone), which
    // leaves only the few that happen to fall among the last days' UUIDv7 ids. processed_at decides.
    const madeBefore = await this.forgetInRange(before, null, firstEventIdBytesAt(before.getTime()));
    if (this.stopController.signal.aborted) return madeBefore;
    return madeBefore + (await this.forgetInRange(before, firstEventIdBytesAt(Date.now() + DAY_MS), null));
  }

  private async forgetInRange(before: Date, from: Buffer | null, below: Buffer | null): Promise<number> {
    const bounds = [...(from ? ['event_id >= ?'] : []), ...(below ? ['event_id < ?'] : [])].join(' AND ');
    let forgotten = 0;
    for (;;) {
      // Found by a key range without locks, then deleted by key: a DELETE with the same WHERE would lock
      // every row it reads while the consumer inserts new ones.
      const old = (await this.options.dataSource.query(
        `SELECT event_id AS eventId FROM processed_event
          WHERE consumer_group = ? AND ${bounds} AND processed_at < ? ORDER BY event_id LIMIT ${FORGET_CHUNK}`,
        [this.options.groupId, ...(from ? [from] : []), ...(below ? [below] : []), before],
      )) as Array<{ eventId: Buffer }>;
      if (old.length === 0) return forgotten;
      const result = (await this.options.dataSource.query(
        'DELETE FROM processed_event WHERE consumer_group = ? AND event_id IN (?) AND processed_at < ?',
        [this.options.groupId, old.map((row) => row.eventId), before],
      )) as WriteResult;
      forgotten += result.affectedRows;
      // stop() waits for this: a backlog of old ids is left for the next run rather than holding it up.
      if (old.length < FORGET_CHUNK || this.stopController.signal.aborted) return forgotten;
    }
  }

  /**
   * Resolves once the consumer (started) has joined its group and been given its partitions; tests use
   * it so that what they publish next is read by a live member rather than after a late rebalance.
   */
  async whenJoined(timeoutMs = 30_000): Promise<void> {
    const joined = this.joined;
    if (!joined) throw new Error(`consumer group ${this.options.groupId} is not started`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`consumer group ${this.options.groupId} not joined after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([joined.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Leaves the group after the current batch; resolved offsets are committed on the way out. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.joined = null;
    this.stopController.abort();
    if (this.forgetTimer) clearInterval(this.forgetTimer);
    this.forgetTimer = null;
    await this.forgetting;
    this.removeLagSource?.();
    this.removeLagSource = null;
    const { consumer, deadLetterProducer, admin } = this;
    this.consumer = null;
    this.deadLetterProducer = null;
    this.admin = null;
    await consumer?.disconnect().catch(() => undefined);
    await deadLetterProducer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  /** High watermark minus committed offset per subscribed partition. */
  async lag(): Promise<PartitionLag[]> {
    const admin = this.admin;
    if (!admin) return [];
    const kafkaTopics = this.topics.map((topic) => kafkaTopicName(topic, this.options.topicPrefix));
    const committed = await admin.fetchOffsets({ groupId: this.options.groupId, topics: kafkaTopics });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const at = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
        const from = Number(at) >= 0 ? Number(at) : Number(end.low);
        lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
    return lags;
  }

  private logicalTopic(kafkaTopic: string): string {
    const prefix = this.options.topicPrefix;
    return prefix && kafkaTopic.startsWith(prefix) ? kafkaTopic.slice(prefix.length) : kafkaTopic;
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
      isRunning,
      isStale,
    } = payload;
    const topic = this.logicalTopic(batch.topic);
    // A dead letter is not idempotent like the projection: commit its offset at once, so a rebalance or
    // restart right after it does not send the same message to the DLQ again.
    const commitNow = () => commitOffsetsIfNecessary(uncommittedOffsets());
    let pending: Decoded[] = [];
    const applyPending = async (): Promise<void> => {
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      const deadLettered = await this.applyInOrder(batch, items, resolveOffset, heartbeat);
      await (deadLettered > 0 ? commitNow() : commitOffsetsIfNecessary());
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const decoded = decodeEnvelope(topic, message.value);
      if (!decoded.ok) {
        await applyPending();
        await this.deadLetter(batch, message, 'invalid', decoded.error, 0);
        resolveOffset(message.offset);
        await commitNow();
        continue;
      }
      pending.push({ message, envelope: decoded.envelope });
      if (pending.length >= this.options.transactionBatchSize) await applyPending();
    }
    if (isRunning() && !isStale()) await applyPending();
    await commitOffsetsIfNecessary();
  }

  /**
   * Fast path: the whole run in one transaction. If any handler throws, that transaction rolls back and the
   * run is replayed one message per transaction, so only the poison message is retried and dead-lettered.
   * Returns how many messages were dead-lettered.
   */
  private async applyInOrder(
    batch: Batch,
    items: Decoded[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    try {
      await this.applyInTransaction(batch, items);
      resolveOffset(items[items.length - 1]!.message.offset);
      return 0;
    } catch (error) {
      if (items.length === 1) {
        this.options.onError?.(error as Error, `handler for ${batch.topic}`);
      }
    }
    let deadLettered = 0;
    for (const [index, item] of items.entries()) {
      // The first message was just attempted inside the batch when it is the only one.
      let attempt = items.length === 1 && index === 0 ? 1 : 0;
      let lastError: Error | null = null;
      for (;;) {
        try {
          if (attempt > 0)
            await sleep(backoffDelay(attempt, this.options.retryBackoff), this.stopController.signal);
          if (!this.running) throw new Error('consumer stopping; message left for redelivery');
          await this.applyInTransaction(batch, [item]);
          lastError = null;
          break;
        } catch (error) {
          lastError = error as Error;
          attempt += 1;
          if (!this.running) throw lastError;
          this.options.onError?.(lastError, `handler for ${batch.topic} (attempt ${attempt})`);
          if (attempt >= this.options.maxAttempts) break;
          await heartbeat();
        }
      }
      if (lastError) {
        await this.deadLetter(batch, item.message, 'poison', lastError.message, attempt);
        deadLettered += 1;
      }
      resolveOffset(item.message.offset);
    }
    return deadLettered;
  }

  /**
   * Applies a run of one partition in one transaction together with the rows that mark its event ids as
   * processed; ids already processed by this group (a redelivery) are skipped, not applied again.
   */
  private async applyInTransaction(batch: Batch, items: Decoded[]): Promise<void> {
    const topic = this.logicalTopic(batch.topic) as Topic;
    const handler = this.handlers.get(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    // The same event can arrive twice in one run (the relay re-sent it after a crash): keep the first.
    const ids = new Set<string>();
    const unique: Decoded[] = [];
    for (const item of items) {
      // Ids are compared as processed_event keys them: as bytes, whatever the case of their hex digits.
      const id = idHex(item.envelope.id);
      if (ids.has(id)) continue;
      ids.add(id);
      unique.push(item);
    }
    let applied: Decoded[];
    // Filled by each attempt afresh: the hooks of a rolled-back attempt are dropped with it.
    let committed: Array<() => void> = [];
    try {
      applied = await this.options.dataSource.transaction((manager) =>
        this.claimAndApply(manager, batch, topic, handler, unique, 'optimistic', committed),
      );
    } catch (error) {
      if (!(error instanceof AlreadyProcessed)) throw error;
      committed = [];
      applied = await this.options.dataSource.transaction((manager) =>
        this.claimAndApply(manager, batch, topic, handler, unique, 'checked', committed),
      );
    }
    for (const callback of committed) {
      try {
        callback();
      } catch (error) {
        this.options.onError?.(error as Error, `after-commit hook for ${batch.topic}`);
      }
    }
    const group = this.options.groupId;
    const duplicates = items.length - applied.length;
    if (applied.length > 0) this.metrics.consumed.inc({ group, topic }, applied.length);
    if (duplicates > 0) this.metrics.duplicatesSkipped.inc({ group, topic }, duplicates);
    if (applied.length > 0) this.options.onCommitted?.(applied.map((item) => item.envelope));
  }

  /**
   * Inside the transaction: records the ids as processed, then runs the handler on the new events.
   * `optimistic` inserts every id with one INSERT IGNORE and gives up (rolling back) if any was already
   * there — one statement in the usual case. `checked` looks the ids up first and inserts only the new
   * ones. Inserting before the handler runs also makes a second member that got the same events (during
   * a rebalance) wait on those rows instead of applying them twice.
   */
  private async claimAndApply(
    manager: EntityManager,
    batch: Batch,
    topic: Topic,
    handler: StoredHandler,
    items: Decoded[],
    mode: 'optimistic' | 'checked',
    committed: Array<() => void>,
  ): Promise<Decoded[]> {
    const group = this.options.groupId;
    const processedAt = new Date();
    const rowsOf = (claimed: Decoded[]) =>
      claimed.map(({ envelope }) => [group, idBytes(envelope.id), topic, processedAt]);
    let fresh = items;
    if (mode === 'optimistic') {
      // The ids travel as one JSON array rather than a VALUES row each: the statement is built and parsed
      // once instead of per event, which is cheaper for the client and the server alike.
      const result = (await manager.query(
        `INSERT IGNORE INTO processed_event (consumer_group, event_id, topic, processed_at)
         SELECT ?, UNHEX(REPLACE(claimed.event_id, '-', '')), ?, ?
           FROM JSON_TABLE(?, '$[*]' COLUMNS (event_id VARCHAR(255) PATH '$')) AS claimed`,
        [group, topic, processedAt, JSON.stringify(items.map(({ envelope }) => envelope.id))],
      )) as WriteResult;
      // Any warning (a duplicate key, or a value IGNORE would have truncated) sends us to the strict path.
      if (result.affectedRows !== items.length || (result.warningStatus ?? 0) > 0)
        throw new AlreadyProcessed();
    } else {
      const rows = (await manager.query(
        'SELECT LOWER(HEX(event_id)) AS eventHex FROM processed_event WHERE consumer_group = ? AND event_id IN (?)',
        [group, items.map(({ envelope }) => idBytes(envelope.id))],
      )) as Array<{ eventHex: string }>;
      const seen = new Set(rows.map((row) => row.eventHex));
      fresh = items.filter(({ envelope }) => !seen.has(idHex(envelope.id)));
      if (fresh.length === 0) return fresh;
      await manager.query(
        'INSERT INTO processed_event (consumer_group, event_id, topic, processed_at) VALUES ?',
        [rowsOf(fresh)],
      );
    }
    const afterCommit = (callback: () => void): void => {
      committed.push(callback);
    };
    const deliveries = fresh.map(({ message }) => this.deliveryOf(batch, message, afterCommit));
    const spanAttributes = fresh.map(({ message, envelope }) =>
      this.spanAttributes(batch, message, envelope),
    );
    if (handler.kind === 'batch') {
      await withConsumerBatchSpans(
        batch.topic,
        deliveries.map((delivery, index) => ({
          headers: delivery.headers,
          attributes: spanAttributes[index]!,
        })),
        () =>
          handler.handle(
            fresh.map(({ envelope }) => envelope),
            manager,
            deliveries,
          ),
      );
    } else {
      for (const [index, { envelope }] of fresh.entries()) {
        const delivery = deliveries[index]!;
        await withConsumerSpan(batch.topic, delivery.headers, spanAttributes[index]!, () =>
          handler.handle(envelope, manager, delivery),
        );
      }
    }
    return fresh;
  }

  private deliveryOf(
    batch: Batch,
    message: KafkaMessage,
    afterCommit: (callback: () => void) => void,
  ): Delivery {
    return {
      afterCommit,
      kafkaTopic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key ? message.key.toString() : null,
      headers: kafkaHeadersToStrings(message.headers),
    };
  }

  private spanAttributes(
    batch: Batch,
    message: KafkaMessage,
    envelope: EventEnvelope,
  ): Record<string, string | number> {
    return {
      'messaging.kafka.message.offset': Number(message.offset),
      'messaging.destination.partition.id': String(batch.partition),
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.message.id': envelope.id,
    };
  }

  /** Publishes the original key, value and headers to `<topic>.dlq`, retrying until the broker takes it. */
  private async deadLetter(
    batch: Batch,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
  ): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.error]: error.slice(0, 2_000),
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.sourceTopic]: batch.topic,
      [DLQ_HEADERS.partition]: String(batch.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.group]: this.options.groupId,
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    };
    for (let failures = 0; ;) {
      try {
        const producer = this.deadLetterProducer;
        if (!producer) throw new Error('consumer stopped before the message could be dead-lettered');
        await producer.send({
          topic: deadLetterTopicName(batch.topic),
          acks: -1,
          messages: [{ key: message.key, value: message.value, headers }],
        });
        break;
      } catch (sendError) {
        failures += 1;
        // Without the DLQ copy the offset must not move: stop here and let the message be redelivered.
        if (!this.running) throw sendError;
        this.options.onError?.(sendError as Error, `dead-letter to ${deadLetterTopicName(batch.topic)}`);
        await sleep(backoffDelay(failures), this.stopController.signal);
      }
    }
    this.metrics.deadLettered.inc({
      group: this.options.groupId,
      topic: this.logicalTopic(batch.topic),
      reason,
    });
  }
}
