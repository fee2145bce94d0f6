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
  | 'handler-error'
  /** Keycloak did not answer a PAP check and SSO_UNAVAILABLE_ACTION=drop: the NAS fails over. */
  | 'sso-unavailable';

function singleton<T>(name: string, create: () => T): T {
  // Tests build several servers in one process; prom-client refuses a second metric of the same name.
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

const TALLIES = Symbol.for('edubase.network-access.radius-tallies');

/** A counter the datagram path bumps with a plain addition; prom-client reads the totals when scraped. */
export interface Tally {
  count: number;
}

/**
 * A labelled counter for the per-datagram path: prom-client's `inc` validates and hashes its labels on
 * every call, which cost as much as authenticating the request. Totals live in plain objects and are
 * handed to the prom-client counter (same name, type and labels) in its scrape-time `collect`.
 */
function talliedCounter(name: string, help: string, labelName: string): (label: string) => Tally {
  // Process-wide like the registry itself, so a second copy of this module counts into the same totals.
  const everyTally = ((globalThis as { [TALLIES]?: Map<string, Map<string, Tally>> })[TALLIES] ??= new Map());
  const tallies = everyTally.get(name) ?? new Map<string, Tally>();
  everyTally.set(name, tallies);
  singleton(
    name,
    () =>
      new Counter({
        name,
        help,
        labelNames: [labelName],
        collect() {
          this.reset();
          for (const [label, tally] of tallies) this.inc({ [labelName]: label }, tally.count);
        },
      }),
  );
  return (label) => {
    let tally = tallies.get(label);
    if (!tally) {
      tally = { count: 0 };
      tallies.set(label, tally);
    }
    return tally;
  };
}

/** RADIUS datagrams received, by port (auth or acct). */
export const receivedTally = talliedCounter(
  'netaccess_radius_received_total',
  'RADIUS datagrams received, by port (auth or acct)',
  'port',
);

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

/** Answers sent, by response code name; duplicates re-sent from the cache are `duplicate`. */
export const answeredTally = talliedCounter(
  'netaccess_radius_responses_total',
  'RADIUS answers sent, by response code name; duplicates re-sent from cache are counted as duplicate',
  'response',
);

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
      // Answers from memory (cached person and password) take microseconds and are not timed: observing
      // each of them cost more than producing it.
      help: 'Time from receiving a RADIUS request to sending its answer, for answers that waited on I/O (SSO check, MariaDB)',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
) as Histogram<'kind'>;

export function dropped(reason: DropReason): void {
  radiusDropped.inc({ reason });
}

/** PAP passwords put to Keycloak's password grant, by its answer (valid, invalid, unavailable). */
export const ssoCheckTally = talliedCounter(
  'netaccess_sso_password_checks_total',
  'PAP passwords checked with the SSO password grant, by result (valid, invalid, unavailable)',
  'result',
);

/** PAP passwords NOT put to Keycloak, by why: a known wrong one, or the failure limiter held. */
export const ssoCheckAvoidedTally = talliedCounter(
  'netaccess_sso_password_checks_avoided_total',
  'PAP passwords answered without asking the SSO: known-wrong, user-limited, nas-limited, sso-cooling',
  'reason',
);
