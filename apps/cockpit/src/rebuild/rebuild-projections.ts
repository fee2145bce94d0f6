import { ensureTopics, kafkaTopicName } from '@edubase/messaging';
import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  activeConsumerGroup,
  initialConsumerGroup,
  setActiveConsumerGroup,
} from '../projections/consumer-group';
import { ProjectionEngine } from '../projections/projection-engine';
import { consumedTopics, projectionTables } from '../projections/projectors';
import { keepTopicsForever } from '../retention/topic-retention';

export interface RebuildOptions {
  dataSource: DataSource;
  kafka: Kafka;
  topicPrefix?: string;
  batchSize?: number;
  /** The fresh consumer group; default `cockpit-projections-<timestamp>`. */
  groupId?: string;
  log?: (message: string) => void;
}

export interface RebuildResult {
  previousGroupId: string;
  groupId: string;
  /** Events in the topics when the rebuild started (all of them were replayed). */
  events: number;
  elapsedMs: number;
}

export class RebuildRefusedError extends Error {}

type PartitionTargets = Map<string, Array<{ partition: number; low: number; high: number }>>;

const DELETE_CHUNK = 10_000;

/**
 * `cockpit:rebuild`: empties the projections, switches them to a fresh consumer group and replays every
 * consumed topic from its first event until the offsets that existed at the start are reached. Afterwards
 * the service resumes from there with the new group. Refuses while a cockpit is consuming, since it would
 * keep writing into the tables being rebuilt.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const { dataSource, kafka } = options;
  const stamp = new Date()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14);
  const groupId = options.groupId ?? `${initialConsumerGroup(options.topicPrefix)}-${stamp}`;
  const previousGroupId = await activeConsumerGroup(dataSource, options.topicPrefix);
  const topics = consumedTopics.map((topic) => kafkaTopicName(topic, options.topicPrefix));

  const admin = kafka.admin();
  await admin.connect();
  try {
    await refuseWhileConsuming(admin, previousGroupId);
    await ensureTopics(admin, topics);
    const kept = await keepTopicsForever(admin, topics);
    if (kept.length > 0) log(`retention.ms=-1 set on ${kept.join(', ')}`);
    const targets = await endOffsets(admin, topics);
    const events = [...targets.values()].flat().reduce((sum, { low, high }) => sum + (high - low), 0);
    log(`replaying ${events} events of ${topics.length} topics as consumer group ${groupId}`);

    // One transaction: the projections are either the old ones with the old group, or empty with the new.
    await dataSource.transaction(async (manager) => {
      for (const table of projectionTables) await manager.query(`DELETE FROM ${table.sql}`);
      await setActiveConsumerGroup(manager, groupId);
    });

    const engine = new ProjectionEngine({
      dataSource,
      kafka,
      groupId,
      ...(options.topicPrefix ? { topicPrefix: options.topicPrefix } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      onError: (error, where) => log(`${where}: ${error.message}`),
    });
    await engine.start();
    try {
      let lastReport = Date.now();
      while (!(await reached(admin, groupId, targets))) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          log(`still replaying, ${await engine.lag()} events to go`);
        }
      }
    } finally {
      await engine.stop();
    }

    await forgetGroup(dataSource, admin, previousGroupId, groupId);
    return { previousGroupId, groupId, events, elapsedMs: Date.now() - started };
  } finally {
    await admin.disconnect();
  }
}

async function refuseWhileConsuming(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const members = groups[0]?.members.length ?? 0;
  if (members > 0)
    throw new RebuildRefusedError(
      `consumer group ${groupId} has ${members} running member(s): stop the cockpit service (npm stop) before rebuilding`,
    );
}

async function endOffsets(admin: Admin, topics: string[]): Promise<PartitionTargets> {
  const targets: PartitionTargets = new Map();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    targets.set(
      topic,
      offsets.map((offset) => ({
        partition: offset.partition,
        low: Number(offset.low),
        high: Number(offset.high),
      })),
    );
  }
  return targets;
}

/** Whether the group committed every partition up to the end it had when the rebuild started. */
async function reached(admin: Admin, groupId: string, targets: PartitionTargets): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...targets.keys()] });
  return committed.every(({ topic, partitions }) =>
    (targets.get(topic) ?? []).every(({ partition, low, high }) => {
      if (high <= low) return true;
      const offset = Number(
        partitions.find((candidate) => candidate.partition === partition)?.offset ?? '-1',
      );
      return offset >= high;
    }),
  );
}

/** The old group's offsets and processed ids are of no further use; chunks keep transactions small. */
async function forgetGroup(
  dataSource: DataSource,
  admin: Admin,
  previousGroupId: string,
  groupId: string,
): Promise<void> {
  if (previousGroupId === groupId) return;
  for (;;) {
    const result = await dataSource.query<{ affectedRows: number }>(
      'DELETE FROM processed_event WHERE consumer_group = ? LIMIT ?',
      [previousGroupId, DELETE_CHUNK],
    );
    if (result.affectedRows < DELETE_CHUNK) break;
  }
  await admin.deleteGroups([previousGroupId]).catch(() => undefined);
}
