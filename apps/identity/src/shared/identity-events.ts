import { Inject, Injectable } from '@nestjs/common';
import type { DeactivationCause, PayloadOf } from '@edubase/contracts';
import { type ChangeActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import type { EntityManager } from 'typeorm';
import type { OrgUnit } from '../org/org-unit.entity';
import type { Person } from '../people/person.entity';
import type { RoleGrant } from '../roles/role-grant.entity';
import { todayInShanghai } from './dates';

export const IDENTITY_SOURCE = 'identity';

function actorOfEvent(actor: ChangeActor) {
  return { id: actor.id, kind: actor.kind };
}

function personPayload(person: Person): PayloadOf<'identity.person.created.v1'> {
  return {
    personId: person.id,
    kind: person.kind,
    staffNo: person.staffNo,
    studentNo: person.studentNo,
    name: person.name,
    schoolCode: person.schoolCode,
    orgId: person.orgId,
    status: person.status,
    minor: person.minor,
  };
}

/**
 * Identity's events, written to the outbox through the caller's transaction so an event exists exactly
 * when its change committed. Keys keep one aggregate's events in order on one partition.
 */
@Injectable()
export class IdentityEvents {
  constructor(@Inject(OutboxPublisher) private readonly outbox: OutboxPublisher) {}

  async orgChanged(
    manager: EntityManager,
    org: OrgUnit,
    created: boolean,
    actor: ChangeActor,
  ): Promise<void> {
    const data: PayloadOf<'identity.org.created.v1'> = {
      orgId: org.id,
      kind: org.kind,
      name: org.name,
      parentId: org.parentId,
      schoolCode: org.schoolCode,
      stage: org.stage,
    };
    const options = {
      aggregateKey: `org:${org.id}`,
      schoolCode: org.owningSchoolCode,
      actor: actorOfEvent(actor),
    };
    if (created) await this.outbox.publish(manager, 'identity.org.created.v1', data, options);
    else await this.outbox.publish(manager, 'identity.org.updated.v1', data, options);
  }

  async personChanged(
    manager: EntityManager,
    person: Person,
    created: boolean,
    actor: ChangeActor,
  ): Promise<void> {
    await this.peopleChanged(manager, [person], created, actor);
  }

  /** `personChanged` for many people in one INSERT (bulk creation: roster import). */
  async peopleChanged(
    manager: EntityManager,
    people: readonly Person[],
    created: boolean,
    actor: ChangeActor,
  ): Promise<void> {
    const events = people.map((person) => ({
      data: personPayload(person),
      aggregateKey: `person:${person.id}`,
      schoolCode: person.schoolCode,
      actor: actorOfEvent(actor),
    }));
    if (created) await this.outbox.publishMany(manager, 'identity.person.created.v1', events);
    else await this.outbox.publishMany(manager, 'identity.person.updated.v1', events);
  }

  /** `cause` defaults to what the status says: departed is a departure, suspended a manual suspension. */
  async personDeactivated(
    manager: EntityManager,
    person: Person,
    actor: ChangeActor,
    cause: DeactivationCause = person.status === 'departed' ? 'departure' : 'manual',
  ): Promise<void> {
    if (person.status === 'active') throw new Error('personDeactivated needs a suspended or departed person');
    await this.outbox.publish(
      manager,
      'identity.person.deactivated.v1',
      {
        personId: person.id,
        staffNo: person.staffNo,
        schoolCode: person.schoolCode,
        status: person.status,
        reason: person.statusReason ?? person.status,
        effectiveDate: person.statusEffectiveDate ?? todayInShanghai(),
        cause,
      },
      { aggregateKey: `person:${person.id}`, schoolCode: person.schoolCode, actor: actorOfEvent(actor) },
    );
  }

  async roleChanged(
    manager: EntityManager,
    grant: RoleGrant,
    person: Person,
    granted: boolean,
    actor: ChangeActor,
  ): Promise<void> {
    await this.rolesChanged(manager, [{ grant, person }], granted, actor);
  }

  /** `roleChanged` for many grants in one INSERT. */
  async rolesChanged(
    manager: EntityManager,
    changes: ReadonlyArray<{ grant: RoleGrant; person: Person }>,
    granted: boolean,
    actor: ChangeActor,
  ): Promise<void> {
    const events = changes.map(({ grant, person }) => ({
      data: {
        personId: person.id,
        staffNo: person.staffNo,
        role: grant.role,
        scope: grant.scope,
        schoolCode: grant.schoolCode,
        endsAt: grant.endsAt,
      } satisfies PayloadOf<'identity.role.granted.v1'>,
      // Keyed by person: a grant and its revocation must arrive in order with the person's other changes.
      aggregateKey: `person:${person.id}`,
      schoolCode: grant.schoolCode ?? person.schoolCode,
      actor: actorOfEvent(actor),
    }));
    if (granted) await this.outbox.publishMany(manager, 'identity.role.granted.v1', events);
    else await this.outbox.publishMany(manager, 'identity.role.revoked.v1', events);
  }

  /** A change made in Keycloak itself: caches of what the old password opened must be dropped. */
  async credentialsChanged(
    manager: EntityManager,
    person: Person,
    change: 'password' | 'account',
    changedAt: Date,
  ): Promise<void> {
    await this.outbox.publish(
      manager,
      'identity.person.credentials-changed.v1',
      {
        personId: person.id,
        staffNo: person.staffNo,
        schoolCode: person.schoolCode,
        change,
        changedAt: changedAt.toISOString(),
      },
      {
        aggregateKey: `person:${person.id}`,
        schoolCode: person.schoolCode,
        actor: { id: 'keycloak', kind: 'system' },
      },
    );
  }
}
