import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { QueryRedactingExporter, redactQuery } from './query-redaction';

describe('query redaction in exported spans', () => {
  it('keeps parameter names and drops their values', () => {
    expect(redactQuery('http://kc/admin/realms/edubase/users?username=T310120000203&exact=true')).toBe(
      'http://kc/admin/realms/edubase/users?username=*&exact=*',
    );
    expect(redactQuery('/trace/ip?ip=10.1.2.3&caseReason=%E5%8D%8F%E6%9F%A5#top')).toBe(
      '/trace/ip?ip=*&caseReason=*',
    );
    expect(redactQuery('/people')).toBe('/people');
    expect(redactQuery('/people?')).toBe('/people?');
  });

  it('exports a span with the URL attributes redacted and everything else intact', async () => {
    const seen: ReadableSpan[] = [];
    const inner = new InMemorySpanExporter();
    const recording: SpanExporter = {
      export: (spans: ReadableSpan[], done: (result: ExportResult) => void) => {
        seen.push(...spans);
        inner.export(spans, done);
      },
      shutdown: () => inner.shutdown(),
    };
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new QueryRedactingExporter(recording))],
    });
    const span = provider.getTracer('spec').startSpan('GET', {
      attributes: {
        'url.full': 'http://127.0.0.1:8080/admin/realms/edubase/users?username=T310120000203',
        'url.query': '?username=T310120000203',
        'http.target': '/people?q=张三',
        'http.response.status_code': 200,
      },
    });
    span.end();
    await provider.forceFlush();

    expect(seen).toHaveLength(1);
    const exported = seen[0]!;
    expect(exported.attributes).toEqual({
      'url.full': 'http://127.0.0.1:8080/admin/realms/edubase/users?username=*',
      'url.query': '?username=*',
      'http.target': '/people?q=*',
      'http.response.status_code': 200,
    });
    expect(exported.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(exported.name).toBe('GET');
    expect(JSON.stringify(exported.attributes)).not.toContain('T310120000203');
  });

  it('passes the inner exporter result through', (done) => {
    const failing: SpanExporter = {
      export: (_spans, callback) => callback({ code: ExportResultCode.FAILED }),
      shutdown: async () => undefined,
    };
    new QueryRedactingExporter(failing).export([], (result) => {
      expect(result.code).toBe(ExportResultCode.FAILED);
      done();
    });
  });
});
