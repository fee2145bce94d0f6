// Strimzi KafkaTopic and KafkaUser resources from the contracts registry: a topic added to
// libs/contracts has its KafkaTopic, and each service's user may touch exactly the topics it produces or
// consumes (plus the dead-letter topics of those it consumes) and its own consumer groups.
import { allTopics, auditEvents, catalogEvents } from '@edubase/contracts';
import type { Manifest } from './kustomize';
import { describesItsTables, keepsAuditChain, type ServiceDescriptor } from './apps';

export const KAFKA_CLUSTER = 'edubase-kafka';
const DAY_MS = 86_400_000;
/**
 * How long events are kept. The cockpit rebuilds its figures by replaying every event, so a domain's
 * events are kept for ever unless listed here. Network access's session events, by far the most, are kept
 * 400 days (the law asks 180 days of session records, which MariaDB keeps; the cockpit shows a year).
 * Dead letters are kept 30 days for an operator to replay.
 */
const KEPT_FOR_EVER = -1;
const RETENTION_MS: Record<string, number> = { netaccess: 400 * DAY_MS };
const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;

export interface TopicSettings {
  partitions: number;
  replicas: number;
  minInsyncReplicas: number;
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
const domainOf = (topic: string): string => topic.split('.')[0]!;

export function consumedTopics(service: ServiceDescriptor): string[] {
  return service.consumes === 'all' ? [...allTopics] : service.consumes;
}

/**
 * The platform's topics, written by many services, each keyed by the service: the audit chain's anchors
 * (services that keep a chain) and the start-up catalog description (services with the kit's messaging).
 */
export function platformTopicsOf(service: ServiceDescriptor): string[] {
  return [
    ...(keepsAuditChain(service) ? auditEvents.map((event) => event.topic) : []),
    ...(describesItsTables(service) ? catalogEvents.map((event) => event.topic) : []),
  ];
}

/** Its own domain's topics and the platform topics it writes. */
export function producedTopics(service: ServiceDescriptor): string[] {
  const own = allTopics.filter(
    (topic) => service.eventDomain !== undefined && domainOf(topic) === service.eventDomain,
  );
  return [...own, ...platformTopicsOf(service)];
}

function topic(name: string, retentionMs: number, settings: TopicSettings): Manifest {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: { name, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER } },
    spec: {
      topicName: name,
      partitions: settings.partitions,
      replicas: settings.replicas,
      config: {
        'retention.ms': retentionMs,
        'min.insync.replicas': settings.minInsyncReplicas,
        'cleanup.policy': 'delete',
      },
    },
  };
}

export function kafkaTopics(services: ServiceDescriptor[], settings: TopicSettings): Manifest[] {
  const consumed = new Set(services.flatMap(consumedTopics));
  return allTopics.flatMap((name) => {
    const retention = RETENTION_MS[domainOf(name)] ?? KEPT_FOR_EVER;
    const topics = [topic(name, retention, settings)];
    if (consumed.has(name)) topics.push(topic(deadLetterTopic(name), DEAD_LETTER_RETENTION_MS, settings));
    return topics;
  });
}

type Acl = { resource: Record<string, string>; operations: string[] };
const topicAcl = (name: string, operations: string[]): Acl => ({
  resource: { type: 'topic', name, patternType: 'literal' },
  operations,
});

export function aclsOf(service: ServiceDescriptor): Acl[] {
  const produced = producedTopics(service);
  const consumed = consumedTopics(service);
  const group = service.consumerGroupPrefix
    ? { type: 'group', name: service.consumerGroupPrefix, patternType: 'prefix' }
    : { type: 'group', name: service.name, patternType: 'literal' };
  return [
    ...produced.map((name) => topicAcl(name, ['Describe', 'Write'])),
    ...consumed.map((name) => topicAcl(name, ['Describe', 'Read'])),
    ...consumed.map((name) => topicAcl(deadLetterTopic(name), ['Describe', 'Write'])),
    ...(produced.length > 0 ? [{ resource: { type: 'cluster' }, operations: ['IdempotentWrite'] }] : []),
    ...(consumed.length > 0 ? [{ resource: group, operations: ['Describe', 'Read'] }] : []),
  ];
}

export function kafkaUsers(services: ServiceDescriptor[]): Manifest[] {
  return services.map((service) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaUser',
    metadata: { name: service.name, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER } },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: { type: 'simple', acls: aclsOf(service) },
    },
  }));
}
