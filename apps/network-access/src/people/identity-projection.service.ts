import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@edubase/contracts';
import { Delivery, EventConsumer } from '@edubase/messaging';
import { PersonEntity, PersonRoleEntity } from '../database/person.entity';
import { SchoolEntity } from '../database/school.entity';
import { AccessRequestService } from '../access/access-request.service';
import { SessionDisconnectService } from '../disconnect/session-disconnect.service';
import { NetworkAccessConfig } from '../network-access.config';
import { PersonDirectoryService } from './person-directory.service';

type PersonChanged =
  EventEnvelope<'identity.person.created.v1'> | EventEnvelope<'identity.person.updated.v1'>;
type OrgChanged = EventEnvelope<'identity.org.created.v1'> | EventEnvelope<'identity.org.updated.v1'>;

/**
 * Each person's events share a Kafka key (personId), so they arrive in order on one partition and no two
 * transactions write the same person at once; plain reads suffice.
 *
 * Keeps the local people/roles/schools projection from identity's events (identity's tables are never read) and
 * reacts to deactivation: the remembered password is dropped at once and open sessions are disconnected.
 */
@Injectable()
export class IdentityProjectionService implements OnModuleInit {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly access: AccessRequestService,
    private readonly disconnects: SessionDisconnectService,
    private readonly config: NetworkAccessConfig,
    private readonly directory: PersonDirectoryService,
  ) {}

  onModuleInit(): void {
    if (!this.config.CONSUME_IDENTITY_EVENTS) return;
    this.consumer
      .on('identity.org.created.v1', (envelope, manager) => this.applyOrg(envelope, manager))
      .on('identity.org.updated.v1', (envelope, manager) => this.applyOrg(envelope, manager))
      .on('identity.person.created.v1', (envelope, manager) => this.applyPerson(envelope, manager))
      .on('identity.person.updated.v1', (envelope, manager) => this.applyPerson(envelope, manager))
      .on('identity.person.deactivated.v1', (envelope, manager, delivery) =>
        this.applyDeactivation(envelope, manager, delivery),
      )
      // A password changed or an account disabled in Keycloak itself: what the old password opened is
      // forgotten; the next login asks Keycloak again. Nothing is stored, so there is nothing to replay.
      .on('identity.person.credentials-changed.v1', (envelope) => {
        this.access.forgetPasswords(envelope.data.personId);
        return Promise.resolve();
      })
      .on('identity.role.granted.v1', (envelope, manager) => this.applyRoleGranted(envelope, manager))
      .on('identity.role.revoked.v1', (envelope, manager) => this.applyRoleRevoked(envelope, manager));
  }

  /** Schools only: NAS and terminals are registered for a school; other org units play no part here. */
  async applyOrg(envelope: OrgChanged, manager: EntityManager): Promise<void> {
    const data = envelope.data;
    if (data.kind !== 'school' || !data.schoolCode) return;
    const asOf = new Date(envelope.occurredAt);
    const existing = await manager.findOne(SchoolEntity, { where: { schoolCode: data.schoolCode } });
    if (existing && existing.asOf > asOf) return; // a newer state is already applied
    // The org's events share a Kafka key, so a changed 学校标识码 arrives after the old one: drop the old
    // row. Found with a plain read and deleted by primary key: a ranged delete on the org index takes gap
    // locks that deadlock other partitions' inserts.
    const previous = await manager.findOne(SchoolEntity, {
      where: { orgId: data.orgId },
      select: { schoolCode: true },
    });
    if (previous && previous.schoolCode !== data.schoolCode)
      await manager.delete(SchoolEntity, { schoolCode: previous.schoolCode });
    await manager.upsert(
      SchoolEntity,
      { schoolCode: data.schoolCode, orgId: data.orgId, name: data.name, asOf },
      ['schoolCode'],
    );
  }

  async applyPerson(envelope: PersonChanged, manager: EntityManager): Promise<void> {
    const data = envelope.data;
    const asOf = new Date(envelope.occurredAt);
    const existing = await manager.findOne(PersonEntity, { where: { personId: data.personId } });
    if (existing && existing.asOf > asOf) return; // a newer state is already applied
    if (data.status !== 'active') this.access.forgetVerifier(data.personId);
    this.directory.invalidate(data.personId, data.staffNo);
    // Another person may have held this 工号 before (reissued numbers): the newer event wins. Checked with
    // a plain read first, since locking reads on the unique index deadlock concurrent partitions.
    if (data.staffNo) {
      const holder = await manager.findOne(PersonEntity, {
        where: { staffNo: data.staffNo },
        select: { personId: true },
      });
      if (holder && holder.personId !== data.personId) {
        await manager.update(PersonEntity, { personId: holder.personId }, { staffNo: null });
      }
    }
    await manager.upsert(
      PersonEntity,
      {
        personId: data.personId,
        staffNo: data.staffNo,
        name: data.name,
        schoolCode: data.schoolCode,
        status: data.status,
        minor: data.minor ?? null,
        asOf,
      },
      ['personId'],
    );
  }

  async applyDeactivation(
    envelope: EventEnvelope<'identity.person.deactivated.v1'>,
    manager: EntityManager,
    delivery: Delivery,
  ): Promise<void> {
    const data = envelope.data;
    this.access.forgetVerifier(data.personId);
    this.directory.invalidate(data.personId, data.staffNo);
    const asOf = new Date(envelope.occurredAt);
    const existing = await manager.findOne(PersonEntity, { where: { personId: data.personId } });
    if (!existing) {
      await manager.insert(PersonEntity, {
        personId: data.personId,
        staffNo: data.staffNo,
        name: data.staffNo ?? data.personId,
        schoolCode: data.schoolCode,
        status: data.status,
        asOf,
      });
    } else if (existing.asOf <= asOf) {
      await manager.update(PersonEntity, { personId: data.personId }, { status: data.status, asOf });
    } else {
      // Older than the state already applied (a replayed topic): the person may be active again since.
      return;
    }
    // Only once the new status is committed: a rolled-back run is replayed, and a Disconnect-Request sent
    // from it would reach the NAS a second time.
    delivery.afterCommit(() =>
      this.disconnects.disconnectPersonLater(
        data.personId,
        `identity ${data.status}: ${data.reason}`.slice(0, 200),
      ),
    );
  }

  async applyRoleGranted(
    envelope: EventEnvelope<'identity.role.granted.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const data = envelope.data;
    this.directory.invalidate(data.personId, data.staffNo);
    await manager.upsert(
      PersonRoleEntity,
      { personId: data.personId, role: data.role, schoolKey: data.schoolCode ?? '', endsAt: data.endsAt },
      ['personId', 'role', 'schoolKey'],
    );
  }

  async applyRoleRevoked(
    envelope: EventEnvelope<'identity.role.revoked.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const data = envelope.data;
    this.directory.invalidate(data.personId, data.staffNo);
    await manager.delete(PersonRoleEntity, {
      personId: data.personId,
      role: data.role,
      schoolKey: data.schoolCode ?? '',
    });
  }
}
