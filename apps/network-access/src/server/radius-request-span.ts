import { UninstrumentedRequestSpan } from '@edubase/telemetry';
import { AcctStatus } from '../radius';
import type { RadiusClient } from './radius-server';

const acctStatusNames = new Map<number, string>(
  Object.entries(AcctStatus).map(([name, code]) => [code, name]),
);

/**
 * The span of an Accounting-Request whose record produced an event, from the datagram's arrival to the
 * event's outbox write; its trace travels with the event (outbox row, Kafka headers) to every consumer.
 * Interim-Updates of open sessions, most of the traffic, produce no event and get no span.
 */
export function accountingRequestSpan(
  nas: RadiusClient,
  statusType: number,
  receivedAt: Date,
): UninstrumentedRequestSpan {
  return new UninstrumentedRequestSpan('RADIUS Accounting-Request', receivedAt, {
    'rpc.system': 'radius',
    'radius.acct_status_type': acctStatusNames.get(statusType) ?? String(statusType),
    'edubase.nas_id': nas.id,
    'edubase.school_code': nas.schoolCode,
    'network.peer.address': nas.ip,
  });
}

/** The span of an Access-Request that was rejected (the rejection is the event; accepts publish nothing). */
export function rejectedAccessRequestSpan(
  nas: RadiusClient,
  method: string,
  reason: string,
  receivedAt: Date,
): UninstrumentedRequestSpan {
  return new UninstrumentedRequestSpan('RADIUS Access-Request', receivedAt, {
    'rpc.system': 'radius',
    'edubase.auth_method': method,
    'edubase.reject_reason': reason,
    'edubase.nas_id': nas.id,
    'edubase.school_code': nas.schoolCode,
    'network.peer.address': nas.ip,
  });
}
