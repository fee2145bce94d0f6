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
import type { TopicMessages } from 'kafkajs';

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

/**
 * Spans of a batch handler call. Every message gets its own CONSUMER span continuing its producer's trace
 * (so each request's trace still reaches the consumer); the handler runs inside that span when the run
 * holds one message, and otherwise inside a `<topic> process` batch span linked to every message span.
 */
export async function withConsumerBatchSpans<R>(
  kafkaTopic: string,
  messages: ReadonlyArray<{ headers: Record<string, string>; attributes: Record<string, string | number> }>,
  work: () => Promise<R>,
): Promise<R> {
  const tracer = trace.getTracer(MESSAGING_TRACER);
  const baseAttributes = { 'messaging.system': 'kafka', 'messaging.destination.name': kafkaTopic };
  const parents = messages.map(({ headers }) => propagation.extract(ROOT_CONTEXT, headers));
  const spans = messages.map(({ attributes }, index) =>
    tracer.startSpan(
      `${kafkaTopic} process`,
      { kind: SpanKind.CONSUMER, attributes: { ...baseAttributes, ...attributes } },
      parents[index],
    ),
  );
  const single = spans.length === 1 ? spans[0]! : null;
  const active =
    single ??
    tracer.startSpan(
      `${kafkaTopic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { ...baseAttributes, 'messaging.batch.message_count': spans.length },
        links: spans.map((span) => ({ context: span.spanContext() })),
      },
      ROOT_CONTEXT,
    );
  const all = single ? spans : [...spans, active];
  try {
    return await context.with(trace.setSpan(single ? parents[0]! : ROOT_CONTEXT, active), work);
  } catch (error) {
    for (const span of all) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    }
    throw error;
  } finally {
    for (const span of all) span.end();
  }
}

/** The PRODUCER spans of one relay send; end them when Kafka acknowledged it (or failed to). */
export interface PublishSpans {
  end(error?: unknown): void;
}

/**
 * Makes the outbox → Kafka hop a span of the events' traces: one PRODUCER span `<topic> publish` per topic
 * and stored trace context (the events one transaction wrote share one), child of the span that wrote them,
 * and re-points those messages' `traceparent` at it so their consumers hang under it. Messages stored
 * without trace context cost one property check.
 */
export function startPublishSpans(topicMessages: readonly TopicMessages[]): PublishSpans {
  const tracer = trace.getTracer(MESSAGING_TRACER);
  const spans: Span[] = [];
  for (const { topic, messages } of topicMessages) {
    const byStoredContext = new Map<string, { span: Span; headers: Record<string, string>; count: number }>();
    for (const message of messages) {
      const headers = message.headers ?? {};
      const stored = headers.traceparent;
      if (typeof stored !== 'string') continue;
      let publish = byStoredContext.get(stored);
      if (!publish) {
        const parent = propagation.extract(ROOT_CONTEXT, kafkaHeadersToStrings(headers));
        const span = tracer.startSpan(
          `${topic} publish`,
          {
            kind: SpanKind.PRODUCER,
            attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic },
          },
          parent,
        );
        const carrier: Record<string, string> = {};
        propagation.inject(trace.setSpan(parent, span), carrier);
        publish = { span, headers: carrier, count: 0 };
        byStoredContext.set(stored, publish);
        spans.push(span);
      }
      Object.assign(headers, publish.headers);
      publish.count += 1;
    }
    for (const { span, count } of byStoredContext.values())
      span.setAttribute('messaging.batch.message_count', count);
  }
  return {
    end(error?: unknown): void {
      for (const span of spans) {
        if (error !== undefined) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      }
    },
  };
}
