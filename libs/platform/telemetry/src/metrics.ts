import { collectDefaultMetrics, Histogram, register, Registry } from 'prom-client';

/**
 * Every EduBase metric lives on prom-client's default register, so other libs (messaging, services)
 * only `new Counter({...})` and their series show up at GET /metrics without any wiring.
 */
export const metricsRegistry: Registry = register;

const HTTP_DURATION_NAME = 'http_server_request_duration_seconds';

/** Registers process/runtime metrics once per process, however many apps a test suite creates. */
export function ensureDefaultMetrics(): void {
  if (metricsRegistry.getSingleMetric('process_cpu_user_seconds_total')) return;
  // The event-loop delay is sampled every 100 ms, not prom-client's 10 ms: at 10 ms the sampling timer was
  // most of an idle service's wake-ups (about 170 of 220 a second). A stall longer than 100 ms is always
  // seen; shorter ones still are, at a tenth of the rate.
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 100 });
}

/** Duration of handled HTTP requests by method, route pattern (not raw URL) and status code. */
export function httpRequestDuration(): Histogram<'method' | 'route' | 'status_code'> {
  const existing = metricsRegistry.getSingleMetric(HTTP_DURATION_NAME);
  if (existing instanceof Histogram) return existing as Histogram<'method' | 'route' | 'status_code'>;
  return new Histogram({
    name: HTTP_DURATION_NAME,
    help: 'Duration of HTTP requests handled by the service, in seconds',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  });
}
