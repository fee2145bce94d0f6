import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/** 数据治理: one row per information-system, by school; an indicator definition reads it (see the cockpit README). */
export const informationSystemStateTable = defineProjectionTable({
  name: 'information_system_state',
  columns: {
    information_system_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    version: { type: 'varchar', length: 64 },
  },
  key: ['information_system_id'],
  groups: { informationSystem: { version: 'version', columns: ['school_code'] } },
  indexes: { idx_information_system_state_school: ['school_code'] },
});

function applyInformationSystem(
  envelope: EventEnvelope<'governance.information-system.created.v1'>,
  batch: ProjectionBatch,
): void {
  batch.touch(envelope.schoolCode);
  batch.upsert(
    informationSystemStateTable,
    { information_system_id: envelope.data.informationSystemId },
    'informationSystem',
    eventVersion(envelope.occurredAt, envelope.id),
    { school_code: envelope.schoolCode ?? null },
  );
}

/** 数据治理 (governance): its information-systems per school. */
export const informationSystemsProjector: IndicatorProjector = {
  name: 'governance-information-systems',
  tables: [informationSystemStateTable],
  steps: { 'governance.information-system.created.v1': applyInformationSystem },
};
