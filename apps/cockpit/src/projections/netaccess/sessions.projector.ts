import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/**
 * One network session. Start and stop are separate groups: a stop that arrives before its start still
 * closes the session, and the later start never reopens it. Open = started, not stopped.
 */
export const sessionStateTable = defineProjectionTable({
  name: 'session_state',
  columns: {
    session_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    username: { type: 'varchar', length: 253, nullable: true },
    person_id: { type: 'varchar', length: 64, nullable: true },
    nas_id: { type: 'varchar', length: 64, nullable: true },
    info_version: { type: 'varchar', length: 64, nullable: true },
    started_at: { type: 'datetime', precision: 3, nullable: true },
    start_version: { type: 'varchar', length: 64, nullable: true },
    stopped_at: { type: 'datetime', precision: 3, nullable: true },
    stop_version: { type: 'varchar', length: 64, nullable: true },
  },
  key: ['session_id'],
  groups: {
    info: { version: 'info_version', columns: ['school_code', 'username', 'person_id', 'nas_id'] },
    start: { version: 'start_version', columns: ['started_at'] },
    stop: { version: 'stop_version', columns: ['stopped_at'] },
  },
  indexes: { idx_session_state_open: ['stopped_at', 'school_code'] },
});

/** Counter metrics of this family. */
export const sessionMetrics = {
  started: 'session.started',
  stopped: 'session.stopped',
  rejected: 'auth.rejected',
} as const;

/** Who and where, carried by both start and stop: whichever arrives first fills the row. */
function upsertSessionInfo(
  envelope: EventEnvelope<'netaccess.session.started.v1'> | EventEnvelope<'netaccess.session.stopped.v1'>,
  batch: ProjectionBatch,
  key: { session_id: string },
  version: string,
): void {
  const session = envelope.data;
  batch.upsert(sessionStateTable, key, 'info', version, {
    school_code: envelope.schoolCode ?? null,
    username: session.username,
    person_id: session.personId,
    nas_id: session.nasId,
  });
}

function applyStarted(envelope: EventEnvelope<'netaccess.session.started.v1'>, batch: ProjectionBatch): void {
  const session = envelope.data;
  const version = eventVersion(envelope.occurredAt, envelope.id);
  const startedAt = new Date(session.startedAt);
  const key = { session_id: session.sessionId };
  upsertSessionInfo(envelope, batch, key, version);
  batch.upsert(sessionStateTable, key, 'start', version, { started_at: startedAt });
  batch.count(sessionMetrics.started, envelope.schoolCode, startedAt);
}

function applyStopped(envelope: EventEnvelope<'netaccess.session.stopped.v1'>, batch: ProjectionBatch): void {
  const session = envelope.data;
  const version = eventVersion(envelope.occurredAt, envelope.id);
  const stoppedAt = new Date(session.stoppedAt);
  const key = { session_id: session.sessionId };
  upsertSessionInfo(envelope, batch, key, version);
  batch.upsert(sessionStateTable, key, 'stop', version, { stopped_at: stoppedAt });
  batch.count(sessionMetrics.stopped, envelope.schoolCode, stoppedAt);
}

function applyRejected(envelope: EventEnvelope<'netaccess.auth.rejected.v1'>, batch: ProjectionBatch): void {
  const rejection = envelope.data;
  batch.count(sessionMetrics.rejected, envelope.schoolCode, new Date(rejection.at), rejection.reason);
}

/**
 * 上网认证与会话: online now (open sessions), sessions per day, authentications (a session start is an
 * accepted authentication) and rejections per reason, at minute, hour and day grain.
 */
export const sessionsProjector: IndicatorProjector = {
  name: 'network-sessions',
  tables: [sessionStateTable],
  steps: {
    'netaccess.session.started.v1': applyStarted,
    'netaccess.session.stopped.v1': applyStopped,
    'netaccess.auth.rejected.v1': applyRejected,
  },
};
