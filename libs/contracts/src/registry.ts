import { z } from 'zod';
import { auditEvents } from './audit';
import { identityEvents } from './identity';
import { netaccessEvents } from './netaccess';

/**
 * The one map from topic name to payload schema. Adding a domain's events here is what makes them
 * publishable (the producer's types come from this map) and consumable (consumers validate with it).
 */
const allEvents = [...identityEvents, ...netaccessEvents, ...auditEvents] as const;

type EventDefinition = (typeof allEvents)[number];
export type Topic = EventDefinition['topic'];
export type PayloadSchemaOf<T extends Topic> = Extract<EventDefinition, { topic: T }>['payload'];
export type PayloadOf<T extends Topic> = z.infer<PayloadSchemaOf<T>>;

export const topicRegistry: ReadonlyMap<Topic, z.ZodType> = new Map(
  allEvents.map((event) => [event.topic, event.payload] as const),
);

export const allTopics: readonly Topic[] = [...topicRegistry.keys()];

export function isKnownTopic(topic: string): topic is Topic {
  return topicRegistry.has(topic as Topic);
}
