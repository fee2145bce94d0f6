import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/**
 * 数据治理's catalog: each dataset's latest state (fields, how many classified, PI fields by grade), from
 * the whole-state events governance sends on every change, so the share classified is two sums.
 */
export const governanceDatasetStateTable = defineProjectionTable({
  name: 'governance_dataset_state',
  columns: {
    dataset_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    fields: { type: 'bigint' },
    classified_fields: { type: 'bigint' },
    pi_general: { type: 'bigint' },
    pi_important: { type: 'bigint' },
    pi_core: { type: 'bigint' },
    minor_pi: { type: 'bigint' },
    version: { type: 'varchar', length: 64 },
  },
  key: ['dataset_id'],
  groups: {
    state: {
      version: 'version',
      columns: [
        'school_code',
        'fields',
        'classified_fields',
        'pi_general',
        'pi_important',
        'pi_core',
        'minor_pi',
      ],
    },
  },
  indexes: { idx_governance_dataset_state_school: ['school_code'] },
});

type DatasetEvent =
  EventEnvelope<'governance.dataset.registered.v1'> | EventEnvelope<'governance.dataset.classified.v1'>;

function applyDataset(envelope: DatasetEvent, batch: ProjectionBatch): void {
  const state = envelope.data;
  batch.touch(state.schoolCode);
  batch.upsert(
    governanceDatasetStateTable,
    { dataset_id: state.datasetId },
    'state',
    eventVersion(envelope.occurredAt, envelope.id),
    {
      school_code: state.schoolCode,
      fields: String(state.fields),
      classified_fields: String(state.classifiedFields),
      pi_general: String(state.piFieldsByGrade.general),
      pi_important: String(state.piFieldsByGrade.important),
      pi_core: String(state.piFieldsByGrade.core),
      minor_pi: String(state.minorPiFields),
    },
  );
}

function countReview(
  envelope: EventEnvelope<'governance.review.completed.v1'>,
  batch: ProjectionBatch,
): void {
  batch.count('governance.review.completed', envelope.data.schoolCode, new Date(envelope.occurredAt));
}

const countSharing =
  (metric: 'approved' | 'expired') =>
  (
    envelope:
      EventEnvelope<'governance.sharing.approved.v1'> | EventEnvelope<'governance.sharing.expired.v1'>,
    batch: ProjectionBatch,
  ): void =>
    batch.count(`governance.sharing.${metric}`, envelope.data.schoolCode, new Date(envelope.occurredAt));

/** 数据治理 (governance): the catalog's classification progress, reviews done, data sharing granted and ended. */
export const governanceDatasetsProjector: IndicatorProjector = {
  name: 'governance-datasets',
  tables: [governanceDatasetStateTable],
  steps: {
    'governance.dataset.registered.v1': applyDataset,
    'governance.dataset.classified.v1': applyDataset,
    'governance.review.completed.v1': countReview,
    'governance.sharing.approved.v1': countSharing('approved'),
    'governance.sharing.expired.v1': countSharing('expired'),
  },
};
