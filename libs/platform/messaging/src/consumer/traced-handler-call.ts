import type { Batch, KafkaMessage } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@edubase/contracts';
import { kafkaHeadersToStrings, withConsumerBatchSpans, withConsumerSpan } from '../trace-context';
import type { DecodedMessage, Delivery, RegisteredHandler } from './event-handler';

/**
 * Calls a handler on the events of a run, inside a CONSUMER span per event that continues the trace the
 * producer put in the headers: one call per event, or one for the run (a batch handler).
 */
export async function callHandlerTraced(
  handler: RegisteredHandler,
  batch: Batch,
  items: DecodedMessage[],
  manager: EntityManager,
  groupId: string,
  afterCommit: (callback: () => void) => void,
): Promise<void> {
  const deliveries = items.map(({ message }) => deliveryOf(batch, message, afterCommit));
  const spanAttributes = items.map(({ message, envelope }) =>
    spanAttributesOf(batch, message, envelope, groupId),
  );
  if (handler.kind === 'batch') {
    await withConsumerBatchSpans(
      batch.topic,
      deliveries.map((delivery, index) => ({
        headers: delivery.headers,
        attributes: spanAttributes[index]!,
      })),
      () =>
        handler.handle(
          items.map(({ envelope }) => envelope),
          manager,
          deliveries,
        ),
    );
    return;
  }
  for (const [index, { envelope }] of items.entries()) {
    const delivery = deliveries[index]!;
    await withConsumerSpan(batch.topic, delivery.headers, spanAttributes[index]!, () =>
      handler.handle(envelope, manager, delivery),
    );
  }
}

function deliveryOf(
  batch: Batch,
  message: KafkaMessage,
  afterCommit: (callback: () => void) => void,
): Delivery {
  return {
    afterCommit,
    kafkaTopic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key ? message.key.toString() : null,
    headers: kafkaHeadersToStrings(message.headers),
  };
}

function spanAttributesOf(
  batch: Batch,
  message: KafkaMessage,
  envelope: EventEnvelope,
  groupId: string,
): Record<string, string | number> {
  return {
    'messaging.kafka.message.offset': Number(message.offset),
    'messaging.destination.partition.id': String(batch.partition),
    'messaging.consumer.group.name': groupId,
    'messaging.message.id': envelope.id,
  };
}
