import { decodeEnvelope, EventEnvelope, Topic } from '@edubase/contracts';
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
import { kafkaHeadersToStrings, withConsumerSpan } from '../trace-context';

/** Where a delivered message came from; handlers rarely need it, logs and tests do. */
export interface Delivery {
  kafkaTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
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

type StoredHandler = (envelope: EventEnvelope, manager: EntityManager, delivery: Delivery) => Promise<void>;

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

  constructor(options: EventConsumerOptions) {
    this.options = {
      topicPrefix: '',
      maxAttempts: 3,
      retryBackoff: { initialMs: 200, maxMs: 2_000, jitter: 0.2 },
      transactionBatchSize: 500,
      partitionsConsumedConcurrently: 3,
      sessionTimeoutMs: 10_000,
      ...options,
    };
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
    if (this.running) throw new Error(`cannot add a handler for ${topic} while the consumer runs`);
    if (this.handlers.has(topic)) throw new Error(`a handler for ${topic} is already registered`);
    // Safe widening: a message reaches this handler only after decodeEnvelope validated it against `topic`.
    this.handlers.set(topic, handler as unknown as StoredHandler);
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
      maxWaitTimeInMs: 100,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(this.options.sessionTimeoutMs / 10)),
      // Always come back after a crash (e.g. the broker restarted); processing is idempotent.
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000, restartOnFailure: async () => true },
    });
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
  }

  /** Leaves the group after the current batch; resolved offsets are committed on the way out. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
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
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const topic = this.logicalTopic(batch.topic);
    let pending: Decoded[] = [];
    const applyPending = async (): Promise<void> => {
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      await this.applyInOrder(batch, items, resolveOffset, heartbeat);
      await commitOffsetsIfNecessary();
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const decoded = decodeEnvelope(topic, message.value);
      if (!decoded.ok) {
        await applyPending();
        await this.deadLetter(batch, message, 'invalid', decoded.error, 0);
        resolveOffset(message.offset);
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
   */
  private async applyInOrder(
    batch: Batch,
    items: Decoded[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    try {
      await this.applyInTransaction(batch, items);
      resolveOffset(items[items.length - 1]!.message.offset);
      return;
    } catch (error) {
      if (items.length === 1) {
        this.options.onError?.(error as Error, `handler for ${batch.topic}`);
      }
    }
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
      if (lastError) await this.deadLetter(batch, item.message, 'poison', lastError.message, attempt);
      resolveOffset(item.message.offset);
    }
  }

  private async applyInTransaction(batch: Batch, items: Decoded[]): Promise<void> {
    const group = this.options.groupId;
    const topic = this.logicalTopic(batch.topic) as Topic;
    const handler = this.handlers.get(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const applied: EventEnvelope[] = [];
    let duplicates = 0;
    await this.options.dataSource.transaction(async (manager) => {
      applied.length = 0;
      duplicates = 0;
      const ids = items.map((item) => item.envelope.id);
      const rows = (await manager.query(
        'SELECT event_id AS eventId FROM processed_event WHERE consumer_group = ? AND event_id IN (?)',
        [group, ids],
      )) as Array<{ eventId: string }>;
      const seen = new Set(rows.map((row) => row.eventId));
      for (const { message, envelope } of items) {
        if (seen.has(envelope.id)) {
          duplicates += 1;
          continue;
        }
        seen.add(envelope.id);
        const delivery: Delivery = {
          kafkaTopic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key ? message.key.toString() : null,
          headers: kafkaHeadersToStrings(message.headers),
        };
        await withConsumerSpan(
          batch.topic,
          delivery.headers,
          {
            'messaging.kafka.message.offset': Number(message.offset),
            'messaging.destination.partition.id': String(batch.partition),
            'messaging.consumer.group.name': group,
            'messaging.message.id': envelope.id,
          },
          () => handler(envelope, manager, delivery),
        );
        applied.push(envelope);
      }
      if (applied.length > 0) {
        const processedAt = new Date();
        await manager.query(
          'INSERT INTO processed_event (consumer_group, event_id, topic, processed_at) VALUES ?',
          [applied.map((envelope) => [group, envelope.id, topic, processedAt])],
        );
      }
    });
    if (applied.length > 0) this.metrics.consumed.inc({ group, topic }, applied.length);
    if (duplicates > 0) this.metrics.duplicatesSkipped.inc({ group, topic }, duplicates);
    if (applied.length > 0) this.options.onCommitted?.(applied);
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
