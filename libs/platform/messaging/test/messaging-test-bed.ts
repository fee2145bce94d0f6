import { Topic } from '@edubase/contracts';
import { createDataSourceOptions } from '@edubase/persistence';
import {
  cleanUpKafka,
  KAFKA_BROKERS,
  TemporaryDatabase,
  temporaryDatabase,
  uniqueRunId,
  waitFor,
} from '@edubase/testing';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  createKafka,
  deadLetterTopicName,
  EventConsumer,
  EventConsumerOptions,
  kafkaTopicName,
  messagingEntities,
  messagingMigrations,
  OutboxRelay,
  OutboxRelayOptions,
} from '../src/index';

/** A message read back from a `<topic>.dlq`, as the consumer wrote it. */
export interface DeadLetter {
  value: string;
  key: string | null;
  headers: Record<string, string>;
}

export interface DeadLetterReader {
  readonly letters: DeadLetter[];
  /** Resolves once the reader has its partitions, so nothing published afterwards comes before it. */
  whenJoined(timeoutMs: number): Promise<void>;
}

/**
 * One messaging suite's own world on the real MariaDB and Kafka: a database `t_<name>_<run>` with the
 * messaging tables migrated, a topic prefix and consumer groups of its own, a Kafka client and a metrics
 * registry. Whatever is started through it is stopped by `close()` (last started, first stopped), which
 * then drops the database and deletes the run's topics and groups.
 */
export class MessagingTestBed {
  readonly registry = new Registry();
  readonly topicPrefix: string;
  /** The group of the consumer under test, as its dead letters name it. */
  readonly consumerGroup: string;
  private readonly stops: Array<() => Promise<unknown>> = [];
  private readonly groups: string[] = [];

  private constructor(
    readonly name: string,
    readonly run: string,
    readonly database: TemporaryDatabase,
    readonly dataSource: DataSource,
    readonly kafka: Kafka,
  ) {
    this.topicPrefix = `t${run}.`;
    this.consumerGroup = `${name}-${run}`;
  }

  /** `name` (e.g. messaging-batch) names the database, groups, Kafka client and relay; `tables` are DDL. */
  static async open(
    name: string,
    options: { poolSize?: number; tables?: readonly string[] } = {},
  ): Promise<MessagingTestBed> {
    const run = uniqueRunId();
    const database = await temporaryDatabase(name.replaceAll('-', '_'), run);
    // Opened by hand: openMigratedDataSource's parameter type rejects DataSourceOptions (reported).
    const dataSource = new DataSource(
      createDataSourceOptions({
        connection: database.connection,
        entities: messagingEntities,
        migrations: messagingMigrations,
        ...(options.poolSize ? { poolSize: options.poolSize } : {}),
      }),
    );
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      for (const table of options.tables ?? []) await dataSource.query(table);
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
      throw error;
    }
    const kafka = createKafka({ clientId: `${name}-${run}`, brokers: KAFKA_BROKERS });
    return new MessagingTestBed(name, run, database, dataSource, kafka);
  }

  /** The run's Kafka topic of a catalog topic. */
  kafkaTopic(topic: Topic): string {
    return kafkaTopicName(topic, this.topicPrefix);
  }

  /** An EventConsumer on the bed's database, broker, prefix, registry and group; register handlers, start. */
  consumer(
    options: Partial<Omit<EventConsumerOptions, 'dataSource' | 'kafka' | 'topicPrefix'>> = {},
  ): EventConsumer {
    const consumer = new EventConsumer({
      dataSource: this.dataSource,
      kafka: this.kafka,
      groupId: this.consumerGroup,
      topicPrefix: this.topicPrefix,
      metricsRegistry: this.registry,
      ...options,
    });
    this.groups.push(consumer.groupId);
    this.stops.push(() => consumer.stop());
    return consumer;
  }

  /** An OutboxRelay of the bed's database to its topics, reporting to its registry; call start(). */
  relay(
    options: Partial<Omit<OutboxRelayOptions, 'dataSource' | 'kafka' | 'topicPrefix'>> = {},
  ): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource: this.dataSource,
      kafka: this.kafka,
      serviceName: this.name,
      topicPrefix: this.topicPrefix,
      metricsRegistry: this.registry,
      ...options,
    });
    this.stops.push(() => relay.stop());
    return relay;
  }

  /** A plain connected producer, for bytes no publisher would write (garbage, redeliveries). */
  async rawProducer(): Promise<Producer> {
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    this.stops.push(() => producer.disconnect());
    return producer;
  }

  /** Reads `<topic>.dlq` of the run from the beginning, collecting every dead letter. */
  async deadLetterReader(topic: Topic): Promise<DeadLetterReader> {
    const groupId = `${this.name}-dead-letters-${this.run}`;
    const reader = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const letters: DeadLetter[] = [];
    let joined = false;
    reader.on(reader.events.GROUP_JOIN, () => (joined = true));
    this.groups.push(groupId);
    this.stops.push(() => reader.disconnect());
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopicName(this.kafkaTopic(topic)), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        letters.push({
          value: message.value?.toString() ?? '',
          key: message.key?.toString() ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
        });
      },
    });
    return {
      letters,
      whenJoined: async (timeoutMs) => {
        await waitFor(`the reader of ${topic}.dlq to join its group`, timeoutMs, () => joined);
      },
    };
  }

  /** The sum of a metric's values in the bed's registry, over the series carrying all these labels. */
  async counter(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = (await this.registry.getMetricsAsJSON()).find((entry) => entry.name === name);
    return (metric?.values ?? [])
      .filter((entry) => Object.entries(labels).every(([label, value]) => entry.labels[label] === value))
      .reduce((sum, entry) => sum + entry.value, 0);
  }

  async close(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop();
    await this.dataSource.destroy();
    await this.database.drop();
    await cleanUpKafka({ topicPrefix: this.topicPrefix, consumerGroups: this.groups });
  }
}
