import { IHeaders, Message, TopicMessages } from 'kafkajs';
import { kafkaTopicName } from '../kafka/kafka-client';

/**
 * An outbox row as the relay reads it. The relay reads event id, key and payload as bytes (Buffer): Kafka
 * sends bytes, and decoding them into strings only for kafkajs to encode them again cost about a fifth of
 * the relay's CPU time.
 */
export interface UnsentOutboxRow {
  id: string;
  eventId: string | Buffer;
  topic: string;
  aggregateKey: string | Buffer;
  payload: string | Buffer;
  headers: string | null;
}

export const EVENT_ID_HEADER = 'edubase-event-id';

/**
 * Groups rows (already in id order) into one message list per Kafka topic for `sendBatch`. Order within
 * each topic follows id order, so order per aggregate key (= per partition) is publication order.
 */
export function toTopicMessages(rows: readonly UnsentOutboxRow[], topicPrefix = ''): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  // Rows written by one transaction share one trace context: parse each distinct JSON text once.
  const parsedHeaders = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const topic = kafkaTopicName(row.topic, topicPrefix);
    let messages = byTopic.get(topic);
    if (!messages) {
      messages = [];
      byTopic.set(topic, messages);
    }
    let traceHeaders = row.headers === null ? undefined : parsedHeaders.get(row.headers);
    if (row.headers !== null && !traceHeaders) {
      traceHeaders = JSON.parse(row.headers) as Record<string, string>;
      parsedHeaders.set(row.headers, traceHeaders);
    }
    const headers: IHeaders = { ...traceHeaders, [EVENT_ID_HEADER]: row.eventId };
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

/**
 * `ids` (ascending, as the relay reads them) as runs of consecutive ids, so the delete of sent rows can say
 * `id BETWEEN first AND last` for a run: every id in such a range is one of the given rows. A row that was
 * not read (an uncommitted transaction's, or one already sent) breaks a run, so it is never covered.
 */
export function consecutiveRuns(ids: readonly string[]): Array<{ first: string; last: string }> {
  const runs: Array<{ first: string; last: string }> = [];
  let previous: bigint | null = null;
  for (const id of ids) {
    const value = BigInt(id);
    const run = runs[runs.length - 1];
    if (run && previous !== null && value === previous + 1n) run.last = id;
    else runs.push({ first: id, last: id });
    previous = value;
  }
  return runs;
}
