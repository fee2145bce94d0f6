import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_BROKERS } from './infrastructure';

// e.g. `t1f0c9a2b.`, `t-1f0c9a2b.`, `bench-1f0c9a2b.`: eight hex characters of a run id, then the dot.
const RUN_PREFIX = /^[A-Za-z0-9_-]*[0-9a-f]{8}[A-Za-z0-9_-]*\.$/;

export interface KafkaLeftovers {
  /**
   * The run's topic prefix: every topic (dead-letter topics too) and every consumer group whose name
   * starts with it is deleted — services on prefixed topics prefix their default group the same way.
   */
  topicPrefix: string;
  /** Groups named otherwise (a test's own readers, explicitly configured groups). */
  consumerGroups?: readonly string[];
}

/** Deletes what a test run made on the broker: its topics and consumer groups. */
export async function cleanUpKafka({ topicPrefix, consumerGroups = [] }: KafkaLeftovers): Promise<void> {
  // The broker is shared: a prefix such as "" or "identity." would delete other runs' or real topics.
  if (!RUN_PREFIX.test(topicPrefix))
    throw new Error(
      `refusing to delete topics by the prefix "${topicPrefix}": a run's prefix holds its run id and ends with "."`,
    );
  const admin = new Kafka({
    clientId: 'edubase-test-cleanup',
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const prefixedGroups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((groupId) => groupId.startsWith(topicPrefix));
    const groups = [...new Set([...prefixedGroups, ...consumerGroups])];
    // A group that still has a member cannot be deleted (the others are); no reason to fail the suite.
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
