import { isSpanContextValid, trace } from '@opentelemetry/api';

export interface TraceIds {
  trace_id: string;
  span_id: string;
}

/** Ids of the span active in the current async context, or undefined outside any traced work. */
export function activeTraceIds(): TraceIds | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * Names the active HTTP SERVER span after its route (`POST /people/:id`) rather than the bare method the
 * HTTP instrumentation can give it, which is what a trace viewer lists. Called once the router matched.
 */
export function nameServerSpanByRoute(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
}
