import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { createKafka } from '@edubase/messaging';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CockpitConfig } from '../cockpit.config';
import { LiveHub } from '../live/live-hub.service';
import { activeConsumerGroup } from './consumer-group';
import { ProjectionEngine } from './projection-engine';

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
      onError: (error, where) => this.logger.warn(`${where}: ${error.message}`),
    });
    await this.engine.start();
    this.logger.log(`projecting ${this.engine.topics.length} topics as consumer group ${groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine?.stop();
    this.engine = null;
  }

  /** Events still to apply (tests wait for 0). */
  lag(): Promise<number> {
    return this.engine ? this.engine.lag() : Promise.resolve(0);
  }
}
