import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch, StateTable } from '../projection-batch';

export const terminalStateTable: StateTable<'terminal'> = {
  name: 'terminal_state',
  keyColumns: ['terminal_id'],
  groups: { terminal: { versionColumn: 'version', columns: ['school_code', 'type', 'is_domestic'] } },
};

export const nasStateTable: StateTable<'nas'> = {
  name: 'nas_state',
  keyColumns: ['nas_id'],
  groups: { nas: { versionColumn: 'version', columns: ['school_code', 'vendor'] } },
};

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
  steps: {
    'netaccess.terminal.registered.v1': applyTerminal,
    'netaccess.nas.registered.v1': applyNas,
  },
};
