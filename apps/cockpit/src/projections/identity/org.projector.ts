import type { EnvelopeOf, IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/** Organisations as identity last described them; schools give the drill-down its names and stages. */
export const orgStateTable = defineProjectionTable({
  name: 'org_state',
  columns: {
    org_id: { type: 'varchar', length: 64 },
    kind: { type: 'varchar', length: 16 },
    name: { type: 'varchar', length: 200 },
    parent_id: { type: 'varchar', length: 64, nullable: true },
    school_code: { type: 'char', length: 10, nullable: true },
    stage: { type: 'varchar', length: 24, nullable: true },
    version: { type: 'varchar', length: 64 },
  },
  key: ['org_id'],
  groups: { org: { version: 'version', columns: ['kind', 'name', 'parent_id', 'school_code', 'stage'] } },
  indexes: { idx_org_state_school: ['school_code'] },
});

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
  tables: [orgStateTable],
  steps: {
    'identity.org.created.v1': applyOrg,
    'identity.org.updated.v1': applyOrg,
  },
};
