import { PayloadOf } from '@edubase/contracts';
import { OutboxPublisher, PublishOptions } from '@edubase/messaging';
import type { UninstrumentedRequestSpan } from '@edubase/telemetry';
import { EntityManager } from 'typeorm';
import { SessionRow } from './session-store';

/** A session's start or stop, as a ledger transaction collects them in the order they happened. */
export interface SessionEvent {
  topic: 'started' | 'stopped';
  /** The written row: its id is known only once inserted. */
  row: SessionRow;
  /** The session as it was when the event happened (later records of the same batch change the row). */
  snapshot: SessionRow;
  /** The RADIUS request that caused it, whose trace it continues; none for a stale sweep's. */
  request?: UninstrumentedRequestSpan;
}

type StartedEvent = { data: PayloadOf<'netaccess.session.started.v1'> } & PublishOptions;
type StoppedEvent = { data: PayloadOf<'netaccess.session.stopped.v1'> } & PublishOptions;

/** Writes a transaction's session events to the outbox: one INSERT per topic, each event with its trace. */
export async function publishSessionEvents(
  outbox: OutboxPublisher,
  manager: EntityManager,
  events: readonly SessionEvent[],
): Promise<void> {
  const started: StartedEvent[] = [];
  const stopped: StoppedEvent[] = [];
  for (const { topic, row, snapshot, request } of events) {
    const sessionId = row.id!;
    const options = {
      aggregateKey: `${row.nasId}:${row.acctSessionId}`,
      traceHeaders: request?.headers ?? null,
      schoolCode: snapshot.schoolCode,
    };
    if (topic === 'started') {
      started.push({
        data: {
          sessionId,
          username: snapshot.username,
          personId: row.personId,
          terminalId: row.terminalId,
          macAddress: snapshot.macAddress,
          nasId: snapshot.nasId,
          nasIp: snapshot.nasIp,
          nasPort: snapshot.nasPort,
          framedIp: snapshot.framedIp,
          startedAt: snapshot.startedAt.toISOString(),
        },
        ...options,
        occurredAt: snapshot.startedAt,
      });
    } else {
      stopped.push({
        data: {
          sessionId,
          username: snapshot.username,
          personId: row.personId,
          macAddress: snapshot.macAddress,
          nasId: snapshot.nasId,
          framedIp: snapshot.framedIp,
          startedAt: snapshot.startedAt.toISOString(),
          stoppedAt: snapshot.stoppedAt!.toISOString(),
          inputOctets: snapshot.inputOctets,
          outputOctets: snapshot.outputOctets,
          terminateCause: snapshot.terminateCause ?? 'unknown',
        },
        ...options,
        occurredAt: snapshot.stoppedAt!,
      });
    }
  }
  await outbox.publishMany(manager, 'netaccess.session.started.v1', started);
  await outbox.publishMany(manager, 'netaccess.session.stopped.v1', stopped);
}
