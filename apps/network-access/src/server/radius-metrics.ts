import { Counter, Histogram, register } from 'prom-client';

export type DropReason =
  | 'unknown-nas'
  | 'nas-disabled'
  | 'malformed'
  | 'unexpected-code'
  | 'bad-authenticator'
  | 'bad-message-authenticator'
  | 'missing-message-authenticator'
  | 'duplicate-in-flight'
  | 'overload'
  | 'handler-error';

function singleton<T>(name: string, create: () => T): T {
  // Tests build several servers in one process; prom-client refuses a second metric of the same name.
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const radiusReceived = singleton(
  'netaccess_radius_received_total',
  () =>
    new Counter({
      name: 'netaccess_radius_received_total',
      help: 'RADIUS datagrams received, by port (auth or acct)',
      labelNames: ['port'],
    }),
) as Counter<'port'>;

/** Every packet we do not answer is counted here by reason: drops are never silent to operators. */
export const radiusDropped = singleton(
  'netaccess_radius_dropped_total',
  () =>
    new Counter({
      name: 'netaccess_radius_dropped_total',
      help: 'RADIUS packets dropped without an answer, by reason',
      labelNames: ['reason'],
    }),
) as Counter<'reason'>;

export const radiusMalformed = singleton(
  'netaccess_radius_malformed_total',
  () =>
    new Counter({
      name: 'netaccess_radius_malformed_total',
      help: 'Malformed RADIUS packets by decoder reason (also counted in dropped{reason="malformed"})',
      labelNames: ['reason'],
    }),
) as Counter<'reason'>;

export const radiusAnswered = singleton(
  'netaccess_radius_responses_total',
  () =>
    new Counter({
      name: 'netaccess_radius_responses_total',
      help: 'RADIUS answers sent, by response code name; duplicates re-sent from cache are counted as duplicate',
      labelNames: ['response'],
    }),
) as Counter<'response'>;

export const radiusRejects = singleton(
  'netaccess_radius_rejects_total',
  () =>
    new Counter({
      name: 'netaccess_radius_rejects_total',
      help: 'Access-Rejects by reason',
      labelNames: ['method', 'reason'],
    }),
) as Counter<'method' | 'reason'>;

export const radiusHandlingSeconds = singleton(
  'netaccess_radius_handling_seconds',
  () =>
    new Histogram({
      name: 'netaccess_radius_handling_seconds',
      help: 'Time from receiving a RADIUS request to sending its answer',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
) as Histogram<'kind'>;

export function dropped(reason: DropReason): void {
  radiusDropped.inc({ reason });
}
