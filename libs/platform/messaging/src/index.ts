export * from './backoff';
export * from './kafka/kafka-client';
export * from './outbox/outbox-event.entity';
export * from './outbox/outbox-publisher';
export * from './outbox/outbox-relay';
export { notifyOutboxRelays } from './outbox/outbox-signal';
export { toTopicMessages, EVENT_ID_HEADER } from './outbox/relay-batch';
export type { UnsentOutboxRow } from './outbox/relay-batch';
export * from './consumer/processed-event.entity';
export * from './consumer/event-consumer';
export * from './consumer/instance-listener';
export { CONSUMER_FETCH_DEFAULTS } from './consumer/consumer-options';
export type { EventConsumerOptions } from './consumer/consumer-options';
export { DLQ_HEADERS } from './consumer/dead-letter-publisher';
export type { DeadLetterReason } from './consumer/dead-letter-publisher';
export type { BatchEventHandler, Delivery, EventHandler } from './consumer/event-handler';
export * from './metrics/messaging-metrics';
export * from './messaging-tables.migration';
// The migration only: its UNSENT_PLACEHOLDER is a past schema's value that migrations alone still need.
export { OutboxUnsentPlaceholder1795878494894 } from './outbox-unsent-placeholder.migration';
export * from './outbox-delete-once-sent.migration';
export * from './processed-event-binary-key.migration';
export * from './nest/messaging.module';
export { MESSAGING_TRACER } from './trace-context';

import { ProcessedEventEntity } from './consumer/processed-event.entity';
import { OutboxEventEntity } from './outbox/outbox-event.entity';
import { CreateMessagingTables1760000000000 } from './messaging-tables.migration';
import { OutboxUnsentPlaceholder1795878494894 } from './outbox-unsent-placeholder.migration';
import { OutboxDeleteOnceSent1795894195513 } from './outbox-delete-once-sent.migration';
import { ProcessedEventBinaryKey1795896442000 } from './processed-event-binary-key.migration';

/** Add to the service's DataSource `entities`. */
export const messagingEntities = [OutboxEventEntity, ProcessedEventEntity];
/** Add to the service's DataSource `migrations` (before the service's own). */
export const messagingMigrations = [
  CreateMessagingTables1760000000000,
  OutboxUnsentPlaceholder1795878494894,
  OutboxDeleteOnceSent1795894195513,
  ProcessedEventBinaryKey1795896442000,
];
