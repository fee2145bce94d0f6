import { Counter, register } from 'prom-client';
import type { DropReason } from '../parsing/nat-record';

function counter(name: string, help: string, labelNames: string[]): Counter {
  // Tests build several apps in one process; prom-client refuses a second metric of the same name.
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

const received = counter('netaccess_nat_lines_received_total', 'Syslog lines received', ['transport']);
const stored = counter('netaccess_nat_lines_stored_total', 'NAT lines committed to MariaDB', ['kind']);
const dropped = counter('netaccess_nat_lines_dropped_total', 'Syslog lines dropped, by reason', ['reason']);
const duplicates = counter(
  'netaccess_nat_lines_duplicate_total',
  'NAT lines already stored (a resent batch), committed without a second row; counted in stored_total too',
  [],
);

/** Counts per read (a datagram, a TCP chunk), not per line: prom-client's `inc` is not free. */
export const natMetrics = {
  received: (transport: 'udp' | 'tcp', count: number) => count && received.inc({ transport }, count),
  stored: (kind: 'session' | 'block', count: number) => count && stored.inc({ kind }, count),
  dropped: (reason: DropReason, count: number) => count && dropped.inc({ reason }, count),
  duplicates: (count: number) => count > 0 && duplicates.inc(count),
};
