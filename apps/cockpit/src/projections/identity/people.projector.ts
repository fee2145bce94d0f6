import type { EventEnvelope } from '@edubase/contracts';
import type { EnvelopeOf, IndicatorProjector } from '../indicator-projector';
import { DISTRICT_SCOPE, eventVersion, ProjectionBatch, StateTable } from '../projection-batch';

export const personStateTable: StateTable<'profile' | 'status'> = {
  name: 'person_state',
  keyColumns: ['person_id'],
  groups: {
    profile: { versionColumn: 'profile_version', columns: ['kind', 'school_code'] },
    status: { versionColumn: 'status_version', columns: ['status'] },
  },
};

export const roleStateTable: StateTable<'grant'> = {
  name: 'role_state',
  keyColumns: ['person_id', 'role', 'scope_key'],
  groups: { grant: { versionColumn: 'version', columns: ['school_code', 'granted', 'ends_at'] } },
};

function applyPerson(
  envelope: EnvelopeOf<'identity.person.created.v1' | 'identity.person.updated.v1'>,
  batch: ProjectionBatch,
): void {
  const person = envelope.data;
  const version = eventVersion(envelope.occurredAt, envelope.id);
  const key = { person_id: person.personId };
  batch.touch(person.schoolCode);
  batch.upsert(personStateTable, key, 'profile', version, {
    kind: person.kind,
    school_code: person.schoolCode,
  });
  batch.upsert(personStateTable, key, 'status', version, { status: person.status });
}

function applyDeactivation(
  envelope: EventEnvelope<'identity.person.deactivated.v1'>,
  batch: ProjectionBatch,
): void {
  const { personId, schoolCode, status } = envelope.data;
  batch.touch(schoolCode);
  batch.upsert(
    personStateTable,
    { person_id: personId },
    'status',
    eventVersion(envelope.occurredAt, envelope.id),
    {
      status,
    },
  );
}

function applyRole(granted: boolean) {
  return (
    envelope: EnvelopeOf<'identity.role.granted.v1' | 'identity.role.revoked.v1'>,
    batch: ProjectionBatch,
  ): void => {
    const role = envelope.data;
    const schoolCode = role.scope === 'school' ? role.schoolCode : null;
    batch.touch(schoolCode);
    batch.upsert(
      roleStateTable,
      { person_id: role.personId, role: role.role, scope_key: schoolCode ?? DISTRICT_SCOPE },
      'grant',
      eventVersion(envelope.occurredAt, envelope.id),
      { school_code: schoolCode, granted: granted ? 1 : 0, ends_at: role.endsAt },
    );
  };
}

/**
 * 人员与角色: active people and staff by role. Counts are derived from per-person and per-grant state
 * rows at query time, so a role granted before its person's created event arrives is still counted right.
 */
export const peopleProjector: IndicatorProjector = {
  name: 'people-and-roles',
  steps: {
    'identity.person.created.v1': applyPerson,
    'identity.person.updated.v1': applyPerson,
    'identity.person.deactivated.v1': applyDeactivation,
    'identity.role.granted.v1': applyRole(true),
    'identity.role.revoked.v1': applyRole(false),
    // A password changed in Keycloak changes no count a leader reads; claimed so every topic has its owner.
    'identity.person.credentials-changed.v1': () => undefined,
  },
};
