import { Admin, ConfigResourceTypes } from 'kafkajs';

/** Kafka's "keep forever" retention. */
export const UNLIMITED_RETENTION_MS = '-1';
/** describeConfigs' configSource of a per-topic override (the ones AlterConfigs would otherwise reset). */
const DYNAMIC_TOPIC_CONFIG = 1;

/**
 * Sets `retention.ms=-1` on the topics the cockpit replays, so `cockpit:rebuild` can always start from
 * the first event (the broker default is 180 days). AlterConfigs replaces all of a topic's overrides, so
 * the existing ones are sent back along with the new value. Returns the topics it changed.
 */
export async function keepTopicsForever(admin: Admin, kafkaTopics: readonly string[]): Promise<string[]> {
  if (kafkaTopics.length === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: kafkaTopics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const changes = described.resources
    .map((resource) => {
      const overrides = resource.configEntries.filter(
        (entry) => entry.configSource === DYNAMIC_TOPIC_CONFIG && entry.configName !== 'retention.ms',
      );
      const retention = resource.configEntries.find((entry) => entry.configName === 'retention.ms');
      return {
        topic: resource.resourceName,
        overrides,
        done: retention?.configValue === UNLIMITED_RETENTION_MS,
      };
    })
    .filter((resource) => !resource.done);
  if (changes.length === 0) return [];
  await admin.alterConfigs({
    validateOnly: false,
    resources: changes.map(({ topic, overrides }) => ({
      type: ConfigResourceTypes.TOPIC,
      name: topic,
      configEntries: [
        ...overrides.map((entry) => ({ name: entry.configName, value: entry.configValue })),
        { name: 'retention.ms', value: UNLIMITED_RETENTION_MS },
      ],
    })),
  });
  return changes.map((change) => change.topic);
}
