import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Optional,
  Provider,
} from '@nestjs/common';
import { READINESS_CHECKS, type ReadinessCheck } from '@edubase/http';
import { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { BackoffPolicy } from '../backoff';
import { EventConsumer } from '../consumer/event-consumer';
import { createKafka, isKafkaReady, KafkaConnectionOptions } from '../kafka/kafka-client';
import { OutboxPublisher } from '../outbox/outbox-publisher';
import { OutboxRelay } from '../outbox/outbox-relay';

export interface MessagingModuleOptions {
  /** Envelope `source`, Kafka client id and metrics label. */
  serviceName: string;
  /**
   * Consumer group of the service's handlers. Defaults to the service name, prefixed like the topics: an
   * instance on prefixed (test) topics must not join, and steal partitions from, the real group.
   */
  consumerGroup?: string;
  /** Broker list; or give `configClass` to read `kafkaBrokers` from the service's config provider. */
  brokers?: string[];
  configClass?: new (...args: never[]) => { kafkaBrokers: string[]; KAFKA_TOPIC_PREFIX?: string };
  /** Put before every topic name and the default consumer group; else the config's KAFKA_TOPIC_PREFIX. */
  topicPrefix?: string;
  relay?: {
    enabled?: boolean;
    batchSize?: number;
    pollIntervalMs?: number;
    backoff?: BackoffPolicy;
  };
  consumer?: {
    maxAttempts?: number;
    retryBackoff?: BackoffPolicy;
    transactionBatchSize?: number;
    partitionsConsumedConcurrently?: number;
    forgetProcessedAfterMs?: number;
    forgetIntervalMs?: number;
    createTopics?: boolean;
    startBackoff?: BackoffPolicy;
  };
  metricsRegistry?: Registry;
  /** How long shutdown waits for the outbox to drain before leaving the rest to the next start. */
  shutdownFlushTimeoutMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_KAFKA = Symbol('MESSAGING_KAFKA');
const MESSAGING_TOPIC_PREFIX = Symbol('MESSAGING_TOPIC_PREFIX');

/** Readiness check for `/health/ready`. */
@Injectable()
export class MessagingHealth {
  constructor(@Inject(MESSAGING_KAFKA) private readonly kafka: Kafka) {}

  isKafkaReady(timeoutMs = 2_000): Promise<boolean> {
    return isKafkaReady(this.kafka, timeoutMs);
  }
}

/**
 * GET /health/ready says "not ready" while the service's consumer group is not running: its start failed
 * (Kafka not ready yet, a topic it reads not there yet) and it is being started again, or it crashed.
 */
@Injectable()
export class ConsumerReadiness implements ReadinessCheck {
  readonly name = 'event-consumer';

  constructor(
    private readonly consumer: EventConsumer,
    @Optional() @Inject(READINESS_CHECKS) checks?: ReadinessCheck[],
  ) {
    checks?.push(this);
  }

  async check(): Promise<void> {
    if (this.consumer.topics.length === 0) return; // a service without handlers starts no group
    const reason = this.consumer.notRunningReason();
    if (reason) throw new Error(reason);
  }
}

/** Starts the relay and (if any handler was registered in onModuleInit) the consumer; drains on shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly relay: OutboxRelay,
    private readonly consumer: EventConsumer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.relay?.enabled !== false) this.relay.start();
    if (this.consumer.topics.length > 0) await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    if (!this.relay.isRunning) return;
    const drained = await this.relay.flush(this.options.shutdownFlushTimeoutMs ?? 5_000).catch(() => false);
    if (!drained)
      this.logger.warn('outbox not drained at shutdown; the remaining rows are sent at next start');
    await this.relay.stop();
  }
}

@Module({})
export class MessagingModule {
  /**
   * Messaging of one service: `OutboxPublisher` (typed producer), `EventConsumer` (register handlers with
   * `.on(topic, handler)` in an `onModuleInit`), `MessagingHealth`. Needs the service's TypeORM `DataSource`
   * (TypeOrmModule.forRoot) with `messagingEntities` and `CreateMessagingTables…` in its migrations.
   */
  static forService(options: MessagingModuleOptions): DynamicModule {
    const onError = (where: string) => (error: Error) =>
      new Logger('Messaging').warn(`${where}: ${error.message}`);
    const providers: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: options },
      {
        provide: MESSAGING_KAFKA,
        inject: options.configClass ? [options.configClass] : [],
        useFactory: (config?: {
          kafkaBrokers: string[];
          kafkaSecurity?: Pick<KafkaConnectionOptions, 'sasl' | 'tlsCaFile'>;
        }): Kafka => {
          const brokers = options.brokers ?? config?.kafkaBrokers;
          if (!brokers?.length)
            throw new Error('MessagingModule needs `brokers` or a `configClass` with kafkaBrokers');
          return createKafka({ clientId: options.serviceName, brokers, ...config?.kafkaSecurity });
        },
      },
      {
        provide: MESSAGING_TOPIC_PREFIX,
        inject: options.configClass ? [options.configClass] : [],
        useFactory: (config?: { KAFKA_TOPIC_PREFIX?: string }): string =>
          options.topicPrefix ?? config?.KAFKA_TOPIC_PREFIX ?? '',
      },
      { provide: OutboxPublisher, useValue: new OutboxPublisher(options.serviceName) },
      {
        provide: OutboxRelay,
        inject: [DataSource, MESSAGING_KAFKA, MESSAGING_TOPIC_PREFIX],
        useFactory: (dataSource: DataSource, kafka: Kafka, topicPrefix: string) =>
          new OutboxRelay({
            dataSource,
            kafka,
            serviceName: options.serviceName,
            ...(topicPrefix ? { topicPrefix } : {}),
            ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
            ...options.relay,
            onError: onError('outbox relay'),
          }),
      },
      {
        provide: EventConsumer,
        inject: [DataSource, MESSAGING_KAFKA, MESSAGING_TOPIC_PREFIX],
        useFactory: (dataSource: DataSource, kafka: Kafka, topicPrefix: string) =>
          new EventConsumer({
            dataSource,
            kafka,
            groupId: options.consumerGroup ?? `${topicPrefix}${options.serviceName}`,
            ...(topicPrefix ? { topicPrefix } : {}),
            ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
            ...options.consumer,
            onError: (error, where) => onError(where)(error),
          }),
      },
      MessagingHealth,
      ConsumerReadiness,
      MessagingLifecycle,
    ];
    return {
      module: MessagingModule,
      global: true,
      providers,
      exports: [OutboxPublisher, OutboxRelay, EventConsumer, MessagingHealth, MESSAGING_KAFKA],
    };
  }
}
