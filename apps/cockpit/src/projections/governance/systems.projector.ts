import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/**
 * 数据治理's 等保 register: one row per information system with its level and the date its next 等级测评 is
 * due, so an indicator counts the overdue ones at the moment it is read. `school_code` null: a district system.
 */
export const governanceSystemStateTable = defineProjectionTable({
  name: 'governance_system_state',
  columns: {
    system_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    protection_level: { type: 'varchar', length: 1, nullable: true },
    // Each group's version is null until its first event: an assessment may arrive before the registration.
    level_version: { type: 'varchar', length: 64, nullable: true },
    next_assessment_due: { type: 'date', nullable: true },
    due_version: { type: 'varchar', length: 64, nullable: true },
  },
  key: ['system_id'],
  groups: {
    level: { version: 'level_version', columns: ['school_code', 'protection_level'] },
    due: { version: 'due_version', columns: ['next_assessment_due'] },
  },
  indexes: { idx_governance_system_state_school: ['school_code'] },
});

type LevelEvent =
  EventEnvelope<'governance.system.registered.v1'> | EventEnvelope<'governance.system.graded.v1'>;

function applyLevel(envelope: LevelEvent, batch: ProjectionBatch): void {
  const { systemId, schoolCode, protectionLevel, nextAssessmentDue } = envelope.data;
  const version = eventVersion(envelope.occurredAt, envelope.id);
  batch.touch(schoolCode);
  batch.upsert(governanceSystemStateTable, { system_id: systemId }, 'level', version, {
    school_code: schoolCode,
    protection_level: protectionLevel === null ? null : String(protectionLevel),
  });
  batch.upsert(governanceSystemStateTable, { system_id: systemId }, 'due', version, {
    next_assessment_due: nextAssessmentDue,
  });
}

function applyAssessed(
  envelope: EventEnvelope<'governance.system.assessed.v1'>,
  batch: ProjectionBatch,
): void {
  const { systemId, schoolCode, nextAssessmentDue } = envelope.data;
  batch.touch(schoolCode);
  batch.upsert(
    governanceSystemStateTable,
    { system_id: systemId },
    'due',
    eventVersion(envelope.occurredAt, envelope.id),
    { next_assessment_due: nextAssessmentDue },
  );
}

/** 数据治理 (governance): information systems by 等保 level and 测评 status. */
export const governanceSystemsProjector: IndicatorProjector = {
  name: 'governance-systems',
  tables: [governanceSystemStateTable],
  steps: {
    'governance.system.registered.v1': applyLevel,
    'governance.system.graded.v1': applyLevel,
    'governance.system.assessed.v1': applyAssessed,
  },
};
