import { Batch, IHeaders, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { backoffDelay, sleep } from '../backoff';
import { deadLetterTopicName, logicalTopicName } from '../kafka/kafka-client';
import type { MessagingMetrics } from '../metrics/messaging-metrics';

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

/** `invalid`: `decodeEnvelope` rejected the message; `poison`: its handler kept failing. */
export type DeadLetterReason = 'invalid' | 'poison';

export interface DeadLetterPublisherOptions {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  metrics: MessagingMetrics;
  /** Aborted when the consumer stops: sending is then given up and the message left for redelivery. */
  stopSignal: AbortSignal;
  onError?: (error: Error, where: string) => void;
}

/**
 * Copies messages the consumer cannot apply to `<topic>.dlq`, with the original key, value and headers plus
 * `DLQ_HEADERS`, so nothing is lost and the partition moves on. One per consumer run.
 */
export class DeadLetterPublisher {
  private producer: Producer | null = null;

  constructor(private readonly options: DeadLetterPublisherOptions) {}

  async connect(): Promise<void> {
    const producer = this.options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    this.producer = producer;
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  /** Publishes one message to `<topic>.dlq`, retrying until the broker takes it or the consumer stops. */
  async publish(
    batch: Batch,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
  ): Promise<void> {
    const { groupId, stopSignal, onError } = this.options;
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.error]: error.slice(0, 2_000),
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.sourceTopic]: batch.topic,
      [DLQ_HEADERS.partition]: String(batch.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.group]: groupId,
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    };
    for (let failures = 0; ;) {
      try {
        const producer = this.producer;
        if (!producer || stopSignal.aborted)
          throw new Error('consumer stopped before the message could be dead-lettered');
        await producer.send({
          topic: deadLetterTopicName(batch.topic),
          acks: -1,
          messages: [{ key: message.key, value: message.value, headers }],
        });
        break;
      } catch (sendError) {
        failures += 1;
        // Without the DLQ copy the offset must not move: stop here and let the message be redelivered.
        if (stopSignal.aborted) throw sendError;
        onError?.(sendError as Error, `dead-letter to ${deadLetterTopicName(batch.topic)}`);
        await sleep(backoffDelay(failures), stopSignal);
      }
    }
    this.options.metrics.deadLettered.inc({
      group: groupId,
      topic: logicalTopicName(batch.topic, this.options.topicPrefix),
      reason,
    });
  }
}
