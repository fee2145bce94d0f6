import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { createKafka, InstanceListener } from '@edubase/messaging';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CockpitConfig } from '../cockpit.config';
import { ChangesElsewhere } from '../live/changes-elsewhere';
import { LiveHub } from '../live/live-hub.service';
import { activeConsumerGroup } from './consumer-group';
import { ProjectionEngine } from './projection-engine';
import { indicatorProjectors, projectorsByTopic } from './projectors';

export const PROJECTION_OPTIONS = Symbol('cockpit:projection-options');

export interface ProjectionOptions {
  /** Replaces the group stored in projection_meta (tests). */
  consumerGroup?: string;
  /** Tests that only read the projections leave the consumer off. */
  consume?: boolean;
}

/** Runs the projection engine for the service's lifetime and feeds the live channel from its commits. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private engine: ProjectionEngine | null = null;
  private listener: InstanceListener | null = null;
  private elsewhere: ChangesElsewhere | null = null;
  private readonly kafka: Kafka;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CockpitConfig,
    private readonly live: LiveHub,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionOptions,
  ) {
    this.kafka = createKafka({
      clientId: 'cockpit',
      brokers: config.kafkaBrokers,
      ...config.kafkaSecurity,
      // kafkajs reports every transient broker hiccup as an error while it recovers by itself.
      log: (_level, message) => this.logger.warn(`kafka: ${message}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consume === false) return;
    const groupId =
      this.options.consumerGroup ??
      (await activeConsumerGroup(this.dataSource, this.config.KAFKA_TOPIC_PREFIX));
    this.engine = new ProjectionEngine({
      dataSource: this.dataSource,
      kafka: this.kafka,
      groupId,
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      batchSize: this.config.PROJECTION_BATCH_SIZE,
      onCommitted: ({ scopes }) => this.live.changed(scopes),
      onEventsCommitted: (envelopes) => this.elsewhere?.committedHere(envelopes),
      onError: (error, where) => this.logger.warn(`${where}: ${error.message}`),
    });
    await this.engine.start();
    this.logger.log(`projecting ${this.engine.topics.length} topics as consumer group ${groupId}`);
    this.listenForOtherInstances(groupId);
  }

  /** So that the live push reaches this instance's browsers when another instance commits (live/changes-elsewhere). */
  private listenForOtherInstances(groupId: string): void {
    const elsewhere = new ChangesElsewhere(
      this.dataSource,
      groupId,
      this.config.LIVE_PUSH_INTERVAL_MS,
      (scopes) => this.live.changed(scopes),
      () => this.live.subscriberCount > 0,
      (error) => this.logger.warn(`live changes of other instances: ${error.message}`),
    );
    this.listener = new InstanceListener({
      kafka: this.kafka,
      groupBase: groupId,
      topics: [...projectorsByTopic(indicatorProjectors).keys()],
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      onEvent: (event) => elsewhere.heard(event),
      onError: (error, where) => this.logger.warn(`${where}: ${error.message}`),
    });
    this.elsewhere = elsewhere;
    elsewhere.start();
    this.listener.startInBackground();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
    await this.elsewhere?.stop();
    this.listener = null;
    this.elsewhere = null;
    await this.engine?.stop();
    this.engine = null;
  }

  /** Events still to apply (tests wait for 0). */
  lag(): Promise<number> {
    return this.engine ? this.engine.lag() : Promise.resolve(0);
  }
}
