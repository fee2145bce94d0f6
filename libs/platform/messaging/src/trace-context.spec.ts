import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { TopicMessages } from 'kafkajs';
import { startPublishSpans } from './trace-context';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const WRITER_SPAN = 'b7ad6b7169203331';
const STORED = `00-${TRACE_ID}-${WRITER_SPAN}-01`;

describe('startPublishSpans (the outbox → Kafka hop of a trace)', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(() => {
    trace.disable();
    propagation.disable();
  });

  beforeEach(() => exporter.reset());

  it('makes one PRODUCER span per topic and stored context, and points those messages at it', () => {
    const batch: TopicMessages[] = [
      {
        topic: 't1.identity.person.created.v1',
        messages: [
          { key: 'p-1', value: '{}', headers: { traceparent: STORED, 'edubase-event-id': 'e-1' } },
          { key: 'p-2', value: '{}', headers: { traceparent: STORED, 'edubase-event-id': 'e-2' } },
          { key: 'p-3', value: '{}', headers: { 'edubase-event-id': 'e-3' } },
        ],
      },
    ];
    const spans = startPublishSpans(batch);
    spans.end();

    const [publish, ...others] = exporter.getFinishedSpans();
    expect(others).toEqual([]);
    expect(publish!.name).toBe('t1.identity.person.created.v1 publish');
    expect(publish!.spanContext().traceId).toBe(TRACE_ID);
    expect(publish!.parentSpanContext?.spanId).toBe(WRITER_SPAN);
    expect(publish!.attributes['messaging.batch.message_count']).toBe(2);
    const [first, second, untraced] = batch[0]!.messages;
    const expected = `00-${TRACE_ID}-${publish!.spanContext().spanId}-01`;
    expect([first!.headers!.traceparent, second!.headers!.traceparent]).toEqual([expected, expected]);
    expect(untraced!.headers).toEqual({ 'edubase-event-id': 'e-3' });
  });

  it('marks the spans failed when Kafka refused the send', () => {
    startPublishSpans([
      {
        topic: 'netaccess.session.started.v1',
        messages: [{ value: '{}', headers: { traceparent: STORED } }],
      },
    ]).end(new Error('broker gone'));
    expect(exporter.getFinishedSpans().map((span) => span.status.code)).toEqual([2]);
  });
});
