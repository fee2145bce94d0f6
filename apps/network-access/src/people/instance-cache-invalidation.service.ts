import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Topic } from '@edubase/contracts';
import { EventConsumer, HeardEvent, InstanceListener, MESSAGING_KAFKA } from '@edubase/messaging';
import { AccessRequestService } from '../access/access-request.service';
import { NetworkAccessConfig } from '../network-access.config';
import { PersonDirectoryService } from './person-directory.service';

/** Identity's events that change what an instance may have cached about a person. */
const PERSON_TOPICS: readonly Topic[] = [
  'identity.person.created.v1',
  'identity.person.updated.v1',
  'identity.person.deactivated.v1',
  'identity.person.credentials-changed.v1',
  'identity.role.granted.v1',
  'identity.role.revoked.v1',
];

/** Beyond the directory's own bypass window (2 s): a consuming instance behind by up to this much is covered. */
const AGAIN_AFTER_MS = 15_000;

/**
 * With several instances, identity's events reach only the instance whose partitions they are on
 * (`IdentityProjectionService`, one consumer group); the others would keep answering from their caches —
 * a deactivated person's or an old password's verifier, a revoked role's VLAN — until the entries expire.
 * So every instance also hears every person event (an `InstanceListener`) and drops what it holds about
 * that person: the next lookup reads the projection (or asks Keycloak). The consuming instance may commit
 * the new row after this one heard the event (its group can lag), so the person is forgotten again
 * AGAIN_AFTER_MS later: a row read and cached in between is dropped then.
 */
@Injectable()
export class InstanceCacheInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InstanceCacheInvalidation');
  private listener: InstanceListener | null = null;

  constructor(
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    private readonly consumer: EventConsumer,
    private readonly config: NetworkAccessConfig,
    private readonly access: AccessRequestService,
    private readonly directory: PersonDirectoryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.CONSUME_IDENTITY_EVENTS) return;
    this.listener = new InstanceListener({
      kafka: this.kafka,
      groupBase: this.consumer.groupId,
      topics: PERSON_TOPICS,
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      onEvent: (event) => this.forget(event),
      onError: (error, where) => this.logger.warn(`${where}: ${error.message}`),
    });
    this.listener.startInBackground();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }

  forget(event: HeardEvent): void {
    this.forgetNow(event);
    setTimeout(() => this.forgetNow(event), AGAIN_AFTER_MS).unref();
  }

  private forgetNow(event: HeardEvent): void {
    const data = event.envelope?.data;
    const personId = typeof data?.personId === 'string' ? data.personId : null;
    if (!personId) return;
    const staffNo = typeof data?.staffNo === 'string' ? data.staffNo : null;
    if (event.topic === 'identity.person.credentials-changed.v1')
      return this.access.forgetPasswords(personId);
    // A verifier is dropped only when the person can no longer sign in: role events carry no status, and a
    // role granted or revoked changes the VLAN (the directory), not whether the password holds.
    const personRecord =
      event.topic === 'identity.person.created.v1' || event.topic === 'identity.person.updated.v1';
    if (event.topic === 'identity.person.deactivated.v1' || (personRecord && data?.status !== 'active'))
      this.access.forgetVerifier(personId);
    this.directory.invalidate(personId, staffNo);
  }
}
