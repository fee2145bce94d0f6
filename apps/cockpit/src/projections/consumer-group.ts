import type { DataSource, EntityManager } from 'typeorm';

const CONSUMER_GROUP_KEY = 'consumer_group';

/** The group of a cockpit that was never rebuilt; a topic prefix (tests, bench) keeps groups apart too. */
export function initialConsumerGroup(topicPrefix = ''): string {
  return `${topicPrefix}cockpit-projections`;
}

/**
 * The Kafka consumer group whose events the projections hold. It lives next to the projections because
 * the two only make sense together: a rebuild empties the tables and switches to a fresh group at once.
 */
export async function activeConsumerGroup(dataSource: DataSource, topicPrefix = ''): Promise<string> {
  const [row] = await dataSource.query<Array<{ value: string }>>(
    'SELECT value FROM projection_meta WHERE name = ?',
    [CONSUMER_GROUP_KEY],
  );
  if (row) return row.value;
  await dataSource.query('INSERT IGNORE INTO projection_meta (name, value) VALUES (?, ?)', [
    CONSUMER_GROUP_KEY,
    initialConsumerGroup(topicPrefix),
  ]);
  return activeConsumerGroup(dataSource, topicPrefix);
}

export async function setActiveConsumerGroup(manager: EntityManager, groupId: string): Promise<void> {
  await manager.query(
    'INSERT INTO projection_meta (name, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)',
    [CONSUMER_GROUP_KEY, groupId],
  );
}
