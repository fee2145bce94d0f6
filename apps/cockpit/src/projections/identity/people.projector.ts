import type { EventEnvelope } from '@edubase/contracts';
import type { EnvelopeOf, IndicatorProjector } from '../indicator-projector';
import { DISTRICT_SCOPE, eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/**
 * The latest known state of one person. Profile (created/updated) and status (also deactivated) are two
 * last-writer-wins groups, each guarded by its own version (`<occurredAt>|<eventId>`), so events that
 * arrive out of order across partitions still end in the same row.
 */
export const personStateTable = defineProjectionTable({
  name: 'person_state',
  columns: {
    person_id: { type: 'varchar', length: 64 },
    kind: { type: 'varchar', length: 16, nullable: true },
    school_code: { type: 'char', length: 10, nullable: true },
    /** 未成年人: under-14, under-18, or null (adult, birth date unknown, or an event from before the field). */
    minor: { type: 'varchar', length: 16, nullable: true },
    profile_version: { type: 'varchar', length: 64, nullable: true },
    status: { type: 'varchar', length: 16, nullable: true },
    status_version: { type: 'varchar', length: 64, nullable: true },
  },
  key: ['person_id'],
  groups: {
    profile: { version: 'profile_version', columns: ['kind', 'school_code', 'minor'] },
    status: { version: 'status_version', columns: ['status'] },
  },
  indexes: { idx_person_state_school: ['school_code', 'status'] },
});

/**
 * Whether a person holds a role for a school (or the district), last writer wins by event time.
 * `scope_key` is the school code, or `district` for district-wide roles.
 */
export const roleStateTable = defineProjectionTable({
  name: 'role_state',
  columns: {
    person_id: { type: 'varchar', length: 64 },
    role: { type: 'varchar', length: 32 },
    scope_key: { type: 'varchar', length: 10 },
    school_code: { type: 'char', length: 10, nullable: true },
    granted: { type: 'boolean' },
    ends_at: { type: 'date', nullable: true },
    version: { type: 'varchar', length: 64 },
  },
  key: ['person_id', 'role', 'scope_key'],
  groups: { grant: { version: 'version', columns: ['school_code', 'granted', 'ends_at'] } },
  indexes: { idx_role_state_school: ['school_code', 'role'] },
});

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
    minor: person.minor ?? null,
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
 * 人员与角色: active people (minors among them, by age band) and staff by role. Counts are derived from per-person and per-grant state
 * rows at query time, so a role granted before its person's created event arrives is still counted right.
 */
export const peopleProjector: IndicatorProjector = {
  name: 'people-and-roles',
  tables: [personStateTable, roleStateTable],
  steps: {
    'identity.person.created.v1': applyPerson,
    'identity.person.updated.v1': applyPerson,
    'identity.person.deactivated.v1': applyDeactivation,
    'identity.role.granted.v1': applyRole(true),
    'identity.role.revoked.v1': applyRole(false),
  },
};
