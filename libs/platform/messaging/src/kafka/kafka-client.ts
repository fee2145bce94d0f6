import { readFileSync } from 'node:fs';
import { Admin, ICustomPartitioner, Kafka, logCreator, logLevel, Partitioners } from 'kafkajs';

export interface KafkaConnectionOptions {
  clientId: string;
  brokers: string[];
  /** Only warnings and errors of kafkajs reach this sink; the default drops them (see quietLogCreator). */
  log?: (level: 'error' | 'warn', message: string, extra: Record<string, unknown>) => void;
  /** SCRAM-SHA-512 user (production: the service's Strimzi KafkaUser). */
  sasl?: { username: string; password: string };
  /** PEM file of the brokers' CA: the connection uses TLS and verifies the brokers with it. */
  tlsCaFile?: string;
}

/**
 * kafkajs logs every reconnect attempt at ERROR, which floods service logs while the broker restarts
 * and the relay/consumer are already recovering by themselves. Only what the caller asks for is kept.
 */
export function quietLogCreator(sink?: KafkaConnectionOptions['log']): logCreator {
  return () =>
    ({ level, log }) => {
      if (!sink) return;
      const { message, ...extra } = log;
      if (level === logLevel.ERROR) sink('error', message, extra);
      else if (level === logLevel.WARN) sink('warn', message, extra);
    };
}

export function createKafka(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.tlsCaFile ? { ssl: { ca: [readFileSync(options.tlsCaFile, 'utf8')] } } : {}),
    ...(options.sasl ? { sasl: { mechanism: 'scram-sha-512' as const, ...options.sasl } } : {}),
    logLevel: logLevel.WARN,
    logCreator: quietLogCreator(options.log),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // Short client retries: the relay and consumer own recovery (exponential backoff, reconnect).
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2_000 },
  });
}

/**
 * The Java client's murmur2 (as kafkajs' DefaultPartitioner computes it) in 32-bit integer arithmetic.
 * kafkajs does the same arithmetic with BigInt-backed Longs, about a microsecond per message.
 */
export function murmur2(key: Buffer): number {
  const m = 0x5bd1e995;
  const length = key.length;
  let h = 0x9747b28c ^ length;
  const tail = length & ~3;
  for (let i = 0; i < tail; i += 4) {
    let k = key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    h = Math.imul(h, m) ^ Math.imul(k, m);
  }
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= key[tail + 2]! << 16;
    if (rest >= 2) h ^= key[tail + 1]! << 8;
    h ^= key[tail]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * kafkajs' DefaultPartitioner with the key hash in integer arithmetic (`murmur2`): every key maps to the
 * partition DefaultPartitioner picks, so switching to it moves no aggregate to another partition. Messages
 * without a key, or with an explicit partition, are left to DefaultPartitioner itself.
 */
export const KeyHashPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message, partitionMetadata } = args;
    if (message.partition != null || message.key == null) return fallback(args);
    const key = Buffer.isBuffer(message.key) ? message.key : Buffer.from(String(message.key));
    return (murmur2(key) & 0x7fffffff) % partitionMetadata.length;
  };
};

/** The Kafka topic a catalog topic maps to; a prefix gives test runs and benchmarks their own namespace. */
export function kafkaTopicName(topic: string, topicPrefix = ''): string {
  return `${topicPrefix}${topic}`;
}

/** The catalog topic of a Kafka topic name: `kafkaTopicName` undone. */
export function logicalTopicName(kafkaTopic: string, topicPrefix = ''): string {
  return topicPrefix && kafkaTopic.startsWith(topicPrefix)
    ? kafkaTopic.slice(topicPrefix.length)
    : kafkaTopic;
}

export function deadLetterTopicName(kafkaTopic: string): string {
  return `${kafkaTopic}.dlq`;
}

export const TOPIC_PARTITIONS = 3;

/**
 * Creates missing topics explicitly (3 partitions, replication 1) instead of relying on broker
 * auto-creation, which races the first produce and picks whatever the broker default is.
 */
export async function ensureTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })),
    });
  } catch (error) {
    // Another instance may have created them between listTopics and createTopics.
    if (!isTopicAlreadyExists(error)) throw error;
  }
}

function isTopicAlreadyExists(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const nested = (error as Error & { errors?: Array<{ type?: string }> }).errors ?? [];
  return (
    error.message.includes('already exists') || nested.every((inner) => inner.type === 'TOPIC_ALREADY_EXISTS')
  );
}

/** Readiness probe for /health/ready: a metadata round trip to the cluster, bounded by a timeout. */
export async function isKafkaReady(kafka: Kafka, timeoutMs = 2_000): Promise<boolean> {
  const admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  })().catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
