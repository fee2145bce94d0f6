import {
  Context,
  context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

export const MESSAGING_TRACER = 'edubase-messaging';

/** W3C trace context of the active span (traceparent/tracestate), or null when nothing is traced. */
export function captureTraceHeaders(): Record<string, string> | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : null;
}

function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export function kafkaHeadersToStrings(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) result[name] = text;
  }
  return result;
}

/**
 * Runs `work` in a CONSUMER span that continues the producer's trace (the headers the relay copied from
 * the outbox row), so one trace spans the HTTP request, the outbox, Kafka and the projection.
 */
export async function withConsumerSpan<R>(
  kafkaTopic: string,
  headers: Record<string, string>,
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<R>,
): Promise<R> {
  const parent: Context = propagation.extract(ROOT_CONTEXT, headers);
  const tracer = trace.getTracer(MESSAGING_TRACER);
  const span = tracer.startSpan(
    `${kafkaTopic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': kafkaTopic, ...attributes },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
