import { context, propagation, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const TRACER = 'edubase-requests';

/** W3C trace context (traceparent/tracestate) as an outbox row and a Kafka message carry it. */
export type TraceHeaders = Record<string, string>;

/**
 * A span for a request no instrumentation sees (a RADIUS datagram, not HTTP), begun when it arrived. Made
 * only once the request turns out to produce an event, so the requests that change nothing cost nothing.
 */
export class UninstrumentedRequestSpan {
  private readonly span: Span;
  /** What to store with the request's events so their consumers continue this trace; null when untraced. */
  readonly headers: TraceHeaders | null;

  constructor(name: string, receivedAt: Date, attributes: Record<string, string | number>) {
    // A root span: the NAS sends no trace context. Without the telemetry preload the tracer is a no-op and
    // the span is invalid, so no headers are written.
    this.span = trace
      .getTracer(TRACER)
      .startSpan(name, { kind: SpanKind.SERVER, startTime: receivedAt, root: true, attributes });
    const carrier: TraceHeaders = {};
    propagation.inject(trace.setSpan(context.active(), this.span), carrier);
    this.headers = Object.keys(carrier).length > 0 ? carrier : null;
  }

  /** Ends the span when its events are written (or failed to be). */
  end(error?: unknown): void {
    if (error !== undefined) {
      this.span.recordException(error instanceof Error ? error : String(error));
      this.span.setStatus({ code: SpanStatusCode.ERROR });
    }
    this.span.end();
  }
}
