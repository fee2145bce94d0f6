import { Counter, Gauge, register as defaultRegister, Registry } from 'prom-client';

export interface OutboxBacklog {
  unsent: number;
  oldestUnsentAgeSeconds: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

type BacklogSource = { service: string; read: () => Promise<OutboxBacklog> };
type LagSource = { group: string; read: () => Promise<PartitionLag[]> };

/**
 * The messaging metrics of one registry. Gauges are computed at scrape time from every relay and consumer
 * registered here (a process may run several, e.g. in tests), so the numbers are never stale.
 */
export class MessagingMetrics {
  private static readonly byRegistry = new WeakMap<Registry, MessagingMetrics>();

  static for(registry: Registry = defaultRegister): MessagingMetrics {
    let metrics = MessagingMetrics.byRegistry.get(registry);
    if (!metrics) {
      metrics = new MessagingMetrics(registry);
      MessagingMetrics.byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  readonly published: Counter<'service' | 'topic'>;
  readonly consumed: Counter<'group' | 'topic'>;
  readonly duplicatesSkipped: Counter<'group' | 'topic'>;
  readonly deadLettered: Counter<'group' | 'topic' | 'reason'>;
  private readonly backlogSources = new Set<BacklogSource>();
  private readonly lagSources = new Set<LagSource>();

  private constructor(registry: Registry) {
    const registers = [registry];
    this.published = new Counter({
      name: 'edubase_outbox_published_total',
      help: 'Outbox events sent to Kafka by the relay',
      labelNames: ['service', 'topic'],
      registers,
    });
    this.consumed = new Counter({
      name: 'edubase_messaging_consumed_total',
      help: 'Events applied by consumer handlers (committed)',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.duplicatesSkipped = new Counter({
      name: 'edubase_messaging_duplicates_skipped_total',
      help: 'Deliveries skipped because the event id was already processed',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'edubase_messaging_dead_lettered_total',
      help: 'Messages sent to <topic>.dlq (reason: invalid or poison)',
      labelNames: ['group', 'topic', 'reason'],
      registers,
    });
    const backlogSources = this.backlogSources;
    const lagSources = this.lagSources;
    // A source that cannot be read (database or broker down) is left out rather than failing the scrape.
    const readBacklogs = async (): Promise<Array<{ service: string; backlog: OutboxBacklog }>> => {
      const results = await Promise.all(
        [...backlogSources].map(async (source) => ({
          service: source.service,
          backlog: await source.read().catch(() => null),
        })),
      );
      return results.flatMap(({ service, backlog }) => (backlog ? [{ service, backlog }] : []));
    };
    new Gauge({
      name: 'edubase_outbox_unsent_events',
      help: 'Outbox rows not yet sent to Kafka',
      labelNames: ['service'],
      registers,
      async collect() {
        this.reset();
        for (const { service, backlog } of await readBacklogs()) this.set({ service }, backlog.unsent);
      },
    });
    new Gauge({
      name: 'edubase_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest outbox row not yet sent (0 when none)',
      labelNames: ['service'],
      registers,
      async collect() {
        this.reset();
        for (const { service, backlog } of await readBacklogs()) {
          this.set({ service }, backlog.oldestUnsentAgeSeconds);
        }
      },
    });
    new Gauge({
      name: 'edubase_messaging_consumer_lag',
      help: 'High watermark minus committed offset, per consumer group, topic and partition',
      labelNames: ['group', 'topic', 'partition'],
      registers,
      async collect() {
        this.reset();
        const lags = await Promise.all(
          [...lagSources].map(async (source) => ({
            group: source.group,
            partitions: await source.read().catch((): PartitionLag[] => []),
          })),
        );
        for (const { group, partitions } of lags) {
          for (const { topic, partition, lag } of partitions) {
            this.set({ group, topic, partition: String(partition) }, lag);
          }
        }
      },
    });
  }

  addBacklogSource(service: string, read: () => Promise<OutboxBacklog>): () => void {
    const source = { service, read };
    this.backlogSources.add(source);
    return () => this.backlogSources.delete(source);
  }

  addLagSource(group: string, read: () => Promise<PartitionLag[]>): () => void {
    const source = { group, read };
    this.lagSources.add(source);
    return () => this.lagSources.delete(source);
  }
}
