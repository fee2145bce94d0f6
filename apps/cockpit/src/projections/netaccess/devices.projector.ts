import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/** Registered terminals; `is_domestic` gives the 信创 share, `registered_at` the new ones per month. */
export const terminalStateTable = defineProjectionTable({
  name: 'terminal_state',
  columns: {
    terminal_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    type: { type: 'varchar', length: 16 },
    is_domestic: { type: 'boolean' },
    registered_at: { type: 'datetime', precision: 3, nullable: true },
    version: { type: 'varchar', length: 64 },
  },
  key: ['terminal_id'],
  groups: {
    terminal: { version: 'version', columns: ['school_code', 'type', 'is_domestic', 'registered_at'] },
  },
  indexes: { idx_terminal_state_school: ['school_code'] },
});

/** Registered NAS devices (access switches, wireless controllers) per school. */
export const nasStateTable = defineProjectionTable({
  name: 'nas_state',
  columns: {
    nas_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    vendor: { type: 'varchar', length: 50 },
    version: { type: 'varchar', length: 64 },
  },
  key: ['nas_id'],
  groups: { nas: { version: 'version', columns: ['school_code', 'vendor'] } },
  indexes: { idx_nas_state_school: ['school_code'] },
});

function applyTerminal(
  envelope: EventEnvelope<'netaccess.terminal.registered.v1'>,
  batch: ProjectionBatch,
): void {
  const terminal = envelope.data;
  batch.touch(envelope.schoolCode);
  batch.upsert(
    terminalStateTable,
    { terminal_id: terminal.terminalId },
    'terminal',
    eventVersion(envelope.occurredAt, envelope.id),
    {
      school_code: envelope.schoolCode ?? null,
      type: terminal.type,
      is_domestic: terminal.isDomestic ? 1 : 0,
      registered_at: new Date(envelope.occurredAt),
    },
  );
}

function applyNas(envelope: EventEnvelope<'netaccess.nas.registered.v1'>, batch: ProjectionBatch): void {
  const nas = envelope.data;
  batch.touch(envelope.schoolCode);
  batch.upsert(nasStateTable, { nas_id: nas.nasId }, 'nas', eventVersion(envelope.occurredAt, envelope.id), {
    school_code: envelope.schoolCode ?? null,
    vendor: nas.vendor,
  });
}

/** 终端与设备: registered terminals with the 信创 (domestic) share, and NAS devices. */
export const devicesProjector: IndicatorProjector = {
  name: 'devices',
  tables: [terminalStateTable, nasStateTable],
  steps: {
    'netaccess.terminal.registered.v1': applyTerminal,
    'netaccess.nas.registered.v1': applyNas,
  },
};
