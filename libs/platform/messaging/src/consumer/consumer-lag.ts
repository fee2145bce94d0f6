import type { Admin } from 'kafkajs';
import type { PartitionLag } from '../metrics/messaging-metrics';

/** High watermark minus the group's committed offset, per partition of each Kafka topic. */
export async function readConsumerLag(
  admin: Admin,
  groupId: string,
  kafkaTopics: string[],
): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: kafkaTopics });
  const lags: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const end of ends) {
      const at = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
      // Nothing committed yet: the group starts from the earliest message still kept.
      const from = Number(at) >= 0 ? Number(at) : Number(end.low);
      lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
    }
  }
  return lags;
}
