import { Message, TopicMessages } from 'kafkajs';
import { kafkaTopicName } from '../kafka/kafka-client';

export interface UnsentOutboxRow {
  id: string;
  eventId: string;
  topic: string;
  aggregateKey: string;
  payload: string;
  headers: string | null;
}

export const EVENT_ID_HEADER = 'edubase-event-id';

/**
 * Groups rows (already in id order) into one message list per Kafka topic for `sendBatch`. Order within
 * each topic follows id order, so order per aggregate key (= per partition) is publication order.
 */
export function toTopicMessages(rows: readonly UnsentOutboxRow[], topicPrefix = ''): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const topic = kafkaTopicName(row.topic, topicPrefix);
    let messages = byTopic.get(topic);
    if (!messages) {
      messages = [];
      byTopic.set(topic, messages);
    }
    const headers: Record<string, string> = row.headers
      ? (JSON.parse(row.headers) as Record<string, string>)
      : {};
    headers[EVENT_ID_HEADER] = row.eventId;
    messages.push({ key: row.aggregateKey, value: row.payload, headers });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Splits ids into chunks for `UPDATE ... WHERE id IN (...)` statements of bounded size. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
