import type { Topic } from '@edubase/contracts';
import type { Admin, Consumer } from 'kafkajs';
import { backoffDelay, sleep } from '../backoff';
import { deadLetterTopicName, ensureTopics, kafkaTopicName } from '../kafka/kafka-client';
import { MessagingMetrics, PartitionLag } from '../metrics/messaging-metrics';
import { readConsumerLag } from './consumer-lag';
import {
  CONSUMER_FETCH_DEFAULTS,
  EventConsumerOptions,
  ResolvedConsumerOptions,
  resolveConsumerOptions,
} from './consumer-options';
import { DeadLetterPublisher } from './dead-letter-publisher';
import type { BatchEventHandler, EventHandler, RegisteredHandler } from './event-handler';
import { PartitionBatchProcessor } from './partition-batch-processor';
import { ProcessedEventForgetting } from './processed-event-forgetting';
import { TransactionalRunApplier } from './transactional-run';

type EachHandle = Extract<RegisteredHandler, { kind: 'each' }>['handle'];
type BatchHandle = Extract<RegisteredHandler, { kind: 'batch' }>['handle'];

/**
 * Consumes catalog topics into the service's own database, exactly once in effect: each event id is
 * recorded in `processed_event` in the transaction of the handler's writes, a redelivered id is skipped,
 * and offsets are committed only after that transaction. Undecodable messages and handlers that keep
 * failing go to `<topic>.dlq` with the original bytes, so nothing is lost and the partition moves on.
 *
 * This class registers handlers and runs the group; the steps live beside it: `PartitionBatchProcessor`
 * (batches, retries, offsets), `TransactionalRunApplier` with `ProcessedEventLedger` (one transaction per
 * run, de-duplication), `callHandlerTraced` (spans), `DeadLetterPublisher`, `ProcessedEventForgetting`
 * and `readConsumerLag`.
 */
export class EventConsumer {
  private readonly handlers = new Map<Topic, RegisteredHandler>();
  private readonly options: ResolvedConsumerOptions;
  private readonly metrics: MessagingMetrics;
  private readonly runs: TransactionalRunApplier;
  private readonly forgetting: ProcessedEventForgetting;
  private consumer: Consumer | null = null;
  private deadLetters: DeadLetterPublisher | null = null;
  private admin: Admin | null = null;
  /** A start of the group is under way or done (reset by stopGroup). */
  private running = false;
  /** The group started completely and has not stopped or crashed since. */
  private live = false;
  /** Started and not stopped by its owner: a group that failed to start or crashed is started again. */
  private wanted = false;
  private restarting = false;
  /** Why the group is not running while it is started again (readiness says it). */
  private lastFailure: Error | null = null;
  private stopController = new AbortController();
  /** Aborted by stop(): ends the back-off between start attempts at once. */
  private ownerStop = new AbortController();
  private removeLagSource: (() => void) | null = null;
  private joined: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(options: EventConsumerOptions) {
    this.options = resolveConsumerOptions(options);
    const { dataSource, groupId, onCommitted, onError } = this.options;
    this.metrics = MessagingMetrics.for(options.metricsRegistry);
    this.runs = new TransactionalRunApplier(
      { dataSource, groupId, metrics: this.metrics, onCommitted, onError },
      (topic) => this.handlers.get(topic),
    );
    this.forgetting = new ProcessedEventForgetting({
      dataSource,
      groupId,
      afterMs: this.options.forgetProcessedAfterMs,
      intervalMs: this.options.forgetIntervalMs,
      onError,
    });
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

  private register(topic: Topic, handler: RegisteredHandler): this {
    if (this.running) throw new Error(`cannot add a handler for ${topic} while the consumer runs`);
    if (this.handlers.has(topic)) throw new Error(`a handler for ${topic} is already registered`);
    this.handlers.set(topic, handler);
    return this;
  }

  /**
   * Starts the group. When Kafka is not ready (the broker just came back and its metadata does not yet
   * know the topics: UNKNOWN_TOPIC_OR_PARTITION; no coordinator; unreachable), the failure is reported
   * through `onError` and the group is started again in the background with back-off until it runs or
   * `stop()` is called; `notRunningReason()` says why meanwhile (readiness). Only a consumer without
   * handlers is refused here.
   */
  async start(): Promise<void> {
    if (this.handlers.size === 0) throw new Error(`consumer group ${this.options.groupId} has no handlers`);
    if (this.wanted) return;
    this.wanted = true;
    this.ownerStop = new AbortController();
    try {
      await this.startGroup();
    } catch (error) {
      this.options.onError?.(error as Error, 'consumer start failed; starting again with back-off');
      this.startAgainLater(error as Error);
    }
  }

  /** Null while the group runs; otherwise why not (not started, starting, the last failure). */
  notRunningReason(): string | null {
    if (this.live && !this.restarting) return null;
    if (!this.wanted) return `consumer group ${this.options.groupId} is not started`;
    return this.lastFailure
      ? `consumer group ${this.options.groupId} is starting again after: ${this.lastFailure.message}`
      : `consumer group ${this.options.groupId} is starting`;
  }

  /**
   * Starts the group again in the background, with back-off, until it runs or is stopped: after a failed
   * start, or a crash kafkajs will not restart from itself (errors it deems not retriable, e.g. no group
   * coordinator while a broker restarts, measured by the fault suite), which would otherwise end the
   * consumer for good while the process lives on and looks healthy.
   */
  private startAgainLater(failure: Error): void {
    this.live = false;
    this.lastFailure = failure;
    if (!this.wanted || this.restarting) return;
    this.restarting = true;
    void (async () => {
      for (let attempt = 1; this.wanted; attempt += 1) {
        await this.stopGroup();
        await sleep(backoffDelay(attempt, this.options.startBackoff), this.ownerStop.signal);
        if (!this.wanted) break;
        try {
          await this.startGroup();
          this.lastFailure = null;
          break;
        } catch (error) {
          this.lastFailure = error as Error;
          this.options.onError?.(error as Error, `consumer start attempt ${attempt + 1} failed`);
        }
      }
      this.restarting = false;
      if (!this.wanted) await this.stopGroup();
    })();
  }

  private async startGroup(): Promise<void> {
    if (this.running) return;
    const { kafka, groupId, topicPrefix, sessionTimeoutMs, onError } = this.options;
    this.running = true;
    const stopController = new AbortController();
    this.stopController = stopController;
    // Stopped while starting: stopGroup closed what was opened so far; open nothing more.
    const notStopped = (): void => {
      if (stopController.signal.aborted) throw new Error(`consumer group ${groupId} stopped while starting`);
    };
    const kafkaTopics = this.kafkaTopics();
    // Each client is kept on `this` before it connects, so that stopGroup closes what a failed start opened.
    const admin = kafka.admin();
    this.admin = admin;
    await admin.connect();
    notStopped();
    if (this.options.createTopics)
      await ensureTopics(admin, [...kafkaTopics, ...kafkaTopics.map(deadLetterTopicName)]);
    notStopped();

    const deadLetters = new DeadLetterPublisher({
      kafka,
      groupId,
      topicPrefix,
      metrics: this.metrics,
      stopSignal: stopController.signal,
      onError,
    });
    this.deadLetters = deadLetters;
    await deadLetters.connect();
    notStopped();
    const processor = new PartitionBatchProcessor({
      topicPrefix,
      transactionBatchSize: this.options.transactionBatchSize,
      maxAttempts: this.options.maxAttempts,
      retryBackoff: this.options.retryBackoff,
      runs: this.runs,
      deadLetters,
      stopSignal: stopController.signal,
      onError,
    });

    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      ...CONSUMER_FETCH_DEFAULTS,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 10)),
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
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      onError?.(payload.error, `consumer crash (restart: ${payload.restart})`);
      if (!payload.restart && this.consumer === consumer) this.startAgainLater(payload.error);
    });
    this.consumer = consumer;
    await consumer.connect();
    notStopped();
    await consumer.subscribe({ topics: kafkaTopics, fromBeginning: true });
    notStopped();
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => processor.process(payload),
    });
    this.live = true;
    this.removeLagSource = this.metrics.addLagSource(groupId, () => this.lag());
    this.forgetting.start();
  }

  /**
   * Deletes this group's processed ids older than `forgetProcessedAfterMs` (or than `before`), in short
   * statements; returns how many. Runs on a timer while the consumer runs.
   */
  forgetProcessed(before?: Date): Promise<number> {
    return this.forgetting.forget(before);
  }

  /**
   * Resolves once the consumer (started) has joined its group and been given its partitions; tests use
   * it so that what they publish next is read by a live member rather than after a late rebalance.
   */
  async whenJoined(timeoutMs = 30_000): Promise<void> {
    if (!this.wanted) throw new Error(`consumer group ${this.options.groupId} is not started`);
    const deadline = Date.now() + timeoutMs;
    const notJoined = () =>
      new Error(`consumer group ${this.options.groupId} not joined after ${timeoutMs} ms`);
    // While the group is being started again there is no member yet to wait for.
    while (!this.joined) {
      if (!this.wanted) throw new Error(`consumer group ${this.options.groupId} was stopped`);
      if (Date.now() >= deadline) throw notJoined();
      await sleep(100);
    }
    const joined = this.joined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(notJoined()), Math.max(0, deadline - Date.now()));
    });
    try {
      await Promise.race([joined.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Leaves the group after the current batch; resolved offsets are committed on the way out. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.ownerStop.abort();
    await this.stopGroup();
  }

  private async stopGroup(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.live = false;
    this.joined = null;
    this.stopController.abort();
    await this.forgetting.stop();
    this.removeLagSource?.();
    this.removeLagSource = null;
    const { consumer, deadLetters, admin } = this;
    this.consumer = null;
    this.deadLetters = null;
    this.admin = null;
    await consumer?.disconnect().catch(() => undefined);
    await deadLetters?.disconnect();
    await admin?.disconnect().catch(() => undefined);
  }

  /** High watermark minus committed offset per subscribed partition. */
  async lag(): Promise<PartitionLag[]> {
    const admin = this.admin;
    if (!admin) return [];
    return readConsumerLag(admin, this.options.groupId, this.kafkaTopics());
  }

  private kafkaTopics(): string[] {
    return this.topics.map((topic) => kafkaTopicName(topic, this.options.topicPrefix));
  }
}
