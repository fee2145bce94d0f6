import type { EnvelopeOf, IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch, StateTable } from '../projection-batch';

export const orgStateTable: StateTable<'org'> = {
  name: 'org_state',
  keyColumns: ['org_id'],
  groups: {
    org: { versionColumn: 'version', columns: ['kind', 'name', 'parent_id', 'school_code', 'stage'] },
  },
};

function applyOrg(
  envelope: EnvelopeOf<'identity.org.created.v1' | 'identity.org.updated.v1'>,
  batch: ProjectionBatch,
): void {
  const org = envelope.data;
  batch.touch(org.schoolCode);
  batch.upsert(orgStateTable, { org_id: org.orgId }, 'org', eventVersion(envelope.occurredAt, envelope.id), {
    kind: org.kind,
    name: org.name,
    parent_id: org.parentId,
    school_code: org.schoolCode,
    stage: org.stage,
  });
}

/** 组织机构: school names and stages for the district → school drill-down. */
export const orgProjector: IndicatorProjector = {
  name: 'organisations',
  steps: {
    'identity.org.created.v1': applyOrg,
    'identity.org.updated.v1': applyOrg,
  },
};
