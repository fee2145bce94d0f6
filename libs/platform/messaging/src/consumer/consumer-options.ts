import type { EventEnvelope } from '@edubase/contracts';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { BackoffPolicy } from '../backoff';

export const DAY_MS = 24 * 3600_000;

/** `processed_event.consumer_group` is VARCHAR(150). */
const MAX_GROUP_ID_LENGTH = 150;

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
  /**
   * Create missing topics (and their `.dlq`) at start (default). `false` where topics are managed outside
   * the service (Strimzi KafkaTopic resources; the service's KafkaUser has no Create ACL): a topic that
   * does not exist yet keeps the group from starting, and it is started again with `startBackoff`.
   */
  createTopics?: boolean;
  /** Back-off between attempts to start the group after a failed start or a crash kafkajs gave up on. */
  startBackoff?: BackoffPolicy;
  metricsRegistry?: Registry;
  /** Called after each commit with the events it applied (not the skipped duplicates). */
  onCommitted?: (envelopes: EventEnvelope[]) => void;
  onError?: (error: Error, where: string) => void;
}

/** The options with every default filled in. */
export type ResolvedConsumerOptions = Required<
  Omit<EventConsumerOptions, 'metricsRegistry' | 'onCommitted' | 'onError'>
> &
  Pick<EventConsumerOptions, 'metricsRegistry' | 'onCommitted' | 'onError'>;

/** Fills in the defaults and refuses settings that would break de-duplication or the ledger's key. */
export function resolveConsumerOptions(options: EventConsumerOptions): ResolvedConsumerOptions {
  const resolved = {
    topicPrefix: '',
    maxAttempts: 3,
    retryBackoff: { initialMs: 200, maxMs: 2_000, jitter: 0.2 },
    transactionBatchSize: 500,
    partitionsConsumedConcurrently: 3,
    sessionTimeoutMs: 10_000,
    forgetProcessedAfterMs: 30 * DAY_MS,
    forgetIntervalMs: 3600_000,
    createTopics: true,
    startBackoff: { initialMs: 1_000, maxMs: 10_000, jitter: 0.2 },
    ...options,
  };
  if (!(resolved.forgetProcessedAfterMs >= DAY_MS))
    throw new Error(
      `forgetProcessedAfterMs must be at least one day (${DAY_MS} ms): a redelivery must still find its id`,
    );
  if (resolved.groupId.length === 0 || resolved.groupId.length > MAX_GROUP_ID_LENGTH)
    throw new Error(`consumer group id must be 1-${MAX_GROUP_ID_LENGTH} characters: ${resolved.groupId}`);
  return resolved;
}
