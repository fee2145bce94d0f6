// The cockpit's projection of the new service's first event.

/** The cockpit's projection of the service's first event: a state table per row, ready for an indicator. @param {import('./names.mjs').Names} n */
export function cockpitFiles(n) {
  const table = `${n.resourceTable}_state`;
  return {
    [`apps/cockpit/src/projections/${n.scope}/${n.resources}.projector.ts`]: `import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/** ${n.zh}: one row per ${n.resource}, by school; an indicator definition reads it (see the cockpit README). */
export const ${n.camelResource}StateTable = defineProjectionTable({
  name: '${table}',
  columns: {
    ${n.resourceTable}_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    version: { type: 'varchar', length: 64 },
  },
  key: ['${n.resourceTable}_id'],
  groups: { ${n.camelResource}: { version: 'version', columns: ['school_code'] } },
  indexes: { idx_${table}_school: ['school_code'] },
});

function apply${n.Resource}(envelope: EventEnvelope<'${n.scope}.${n.resource}.created.v1'>, batch: ProjectionBatch): void {
  batch.touch(envelope.schoolCode);
  batch.upsert(
    ${n.camelResource}StateTable,
    { ${n.resourceTable}_id: envelope.data.${n.camelResource}Id },
    '${n.camelResource}',
    eventVersion(envelope.occurredAt, envelope.id),
    { school_code: envelope.schoolCode ?? null },
  );
}

/** ${n.zh} (${n.service}): its ${n.resources} per school. */
export const ${n.camelResource}sProjector: IndicatorProjector = {
  name: '${n.service}-${n.resources}',
  tables: [${n.camelResource}StateTable],
  steps: { '${n.scope}.${n.resource}.created.v1': apply${n.Resource} },
};
`,
  };
}
