import { hostname } from 'node:os';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { kafkaTopicName } from '../kafka/kafka-client';
import { EVENT_ID_HEADER } from '../outbox/relay-batch';

/** One event as an instance listener sees it: its id and envelope, decoded loosely (JSON, not validated). */
export interface HeardEvent {
  topic: string;
  eventId: string | null;
  envelope: { schoolCode?: string; data?: Record<string, unknown> } | null;
}

export interface InstanceListenerOptions {
  kafka: Kafka;
  /** The service's own consumer group; this instance listens as `<group>.instance.<host>.<pid>`. */
  groupBase: string;
  topics: readonly string[];
  topicPrefix?: string;
  onEvent(event: HeardEvent): void;
  onError?(error: Error, where: string): void;
}

/**
 * Every event of some topics, heard by EVERY instance of a service, beside the service's consumer group in
 * which each instance gets only some partitions. For what lives in each instance's memory: caches to drop,
 * live-push subscribers to tell. The group is this instance's alone and never commits an offset, so it
 * starts at the newest events (a restarted instance starts with empty memory anyway) and Kafka forgets the
 * group once the instance leaves. Nothing is written: the service's own group does the durable work.
 */
export class InstanceListener {
  private consumer: Consumer | null = null;
  private stopped = false;

  constructor(private readonly options: InstanceListenerOptions) {}

  /**
   * Starts without holding up the caller, trying again with back-off until it runs (the topics may not
   * exist before the service's own consumer created them; Kafka may be down at boot).
   */
  startInBackground(): void {
    void (async () => {
      for (let attempt = 0; !this.stopped && !this.consumer; attempt += 1) {
        try {
          await this.start();
        } catch (error) {
          this.options.onError?.(error as Error, 'instance listener start');
          await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
        }
      }
    })();
  }

  get groupId(): string {
    return `${this.options.groupBase}.instance.${hostname()}.${process.pid}`;
  }

  async start(): Promise<void> {
    const { kafka, topics, topicPrefix, onError } = this.options;
    const consumer: Consumer = kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5_000, restartOnFailure: async () => true },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      onError?.(payload.error, `instance listener crash (restart: ${payload.restart})`),
    );
    await consumer.connect();
    try {
      if (this.stopped) throw new Error('stopped while starting');
      await consumer.subscribe({
        topics: topics.map((topic) => kafkaTopicName(topic, topicPrefix)),
        fromBeginning: false,
      });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, message }) => this.hear(topic, message),
      });
    } catch (error) {
      // Not left connected: the next attempt makes a new consumer.
      await consumer.disconnect().catch(() => undefined);
      if (this.stopped) return;
      throw error;
    }
    this.consumer = consumer;
  }

  private hear(topic: string, message: KafkaMessage): void {
    const { topicPrefix, onEvent, onError } = this.options;
    let envelope: HeardEvent['envelope'] = null;
    try {
      envelope = message.value
        ? (JSON.parse(message.value.toString('utf8')) as HeardEvent['envelope'])
        : null;
    } catch {
      envelope = null; // poison is the service group's business (dead letters); nothing to hear here
    }
    const header = message.headers?.[EVENT_ID_HEADER];
    const eventId = header === undefined ? null : String(Array.isArray(header) ? header[0] : header);
    try {
      onEvent({ topic: topicPrefix ? topic.slice(topicPrefix.length) : topic, eventId, envelope });
    } catch (error) {
      onError?.(error as Error, 'instance listener handler');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect();
  }
}
