import type { EventEnvelope } from '@edubase/contracts';
import { EventConsumer, kafkaTopicName } from '@edubase/messaging';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { keepTopicsForever } from '../retention/topic-retention';
import { IndicatorProjector } from './indicator-projector';
import { CommittedProjection, ProjectionTransactions } from './projection-transactions';
import { indicatorProjectors, projectorsByTopic } from './projectors';

export interface ProjectionEngineOptions {
  dataSource: DataSource;
  kafka: Kafka;
  groupId: string;
  topicPrefix?: string;
  /** Events per database transaction. */
  batchSize?: number;
  projectors?: readonly IndicatorProjector[];
  metricsRegistry?: Registry;
  /** After each committed transaction, with the scopes (district, school codes) it changed. */
  onCommitted?: (committed: CommittedProjection) => void;
  /** After each committed transaction, with its events (the bench measures latency with it). */
  onEventsCommitted?: (envelopes: EventEnvelope[]) => void;
  onError?: (error: Error, where: string) => void;
}

/**
 * Feeds the projections from Kafka through the messaging lib's idempotent consumer: every projector step
 * runs in the consumer's transaction, which also records the event ids, so a redelivered event is skipped
 * and a crash never leaves half a batch. Used by the service, `cockpit:rebuild`, the tests and the bench.
 */
export class ProjectionEngine {
  private readonly consumer: EventConsumer;
  private readonly transactions: ProjectionTransactions;
  private readonly kafkaTopics: string[];

  constructor(private readonly options: ProjectionEngineOptions) {
    this.transactions = new ProjectionTransactions((committed) => options.onCommitted?.(committed));
    this.consumer = new EventConsumer({
      dataSource: options.dataSource,
      kafka: options.kafka,
      groupId: options.groupId,
      ...(options.topicPrefix ? { topicPrefix: options.topicPrefix } : {}),
      transactionBatchSize: options.batchSize ?? 2_000,
      // The cockpit keeps its topics for ever and counts events: a group that lost its offsets re-reads from
      // the first event, and only the ids of everything it already counted keep that from counting twice.
      forgetProcessedAfterMs: Number.POSITIVE_INFINITY,
      ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
      ...(options.onEventsCommitted ? { onCommitted: options.onEventsCommitted } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    for (const [topic, projector] of projectorsByTopic(options.projectors ?? indicatorProjectors)) {
      const step = projector.steps[topic] as (
        envelope: EventEnvelope,
        batch: ReturnType<ProjectionTransactions['batchOf']>,
      ) => void;
      this.consumer.on(topic, async (envelope, manager) => {
        const batch = this.transactions.batchOf(manager);
        step(envelope, batch);
        batch.eventCount += 1;
      });
    }
    this.kafkaTopics = this.consumer.topics.map((topic) => kafkaTopicName(topic, options.topicPrefix));
  }

  get groupId(): string {
    return this.consumer.groupId;
  }

  /** The Kafka topics read (with the prefix). */
  get topics(): readonly string[] {
    return this.kafkaTopics;
  }

  async start(): Promise<void> {
    const subscribers = this.options.dataSource.subscribers;
    if (!subscribers.includes(this.transactions)) subscribers.push(this.transactions);
    await this.consumer.start();
    // The consumer has created any missing topic by now; make sure replays can reach back to the first event.
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await keepTopicsForever(admin, this.kafkaTopics);
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    const subscribers = this.options.dataSource.subscribers;
    const index = subscribers.indexOf(this.transactions);
    if (index >= 0) subscribers.splice(index, 1);
  }

  /** Committed-offset lag per partition (0 everywhere = caught up with what was in Kafka when asked). */
  async lag(): Promise<number> {
    const lags = await this.consumer.lag();
    return lags.reduce((sum, partition) => sum + partition.lag, 0);
  }
}
