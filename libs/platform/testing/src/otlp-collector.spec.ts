import { OtlpCollector, otlpAttribute, OtlpTraceExport } from './otlp-collector';

const span = (name: string, spanId: string) => ({
  traceId: 'a'.repeat(32),
  spanId,
  name,
  kind: 2,
  attributes: [{ key: 'http.status_code', value: { intValue: 201 } }],
});

const exportOf = (service: string, ...spans: Array<ReturnType<typeof span>>): OtlpTraceExport => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ spans }],
    },
  ],
});

describe('OtlpCollector', () => {
  let collector: OtlpCollector;

  beforeEach(async () => {
    collector = await OtlpCollector.start();
  });
  afterEach(() => collector.close());

  it('keeps trace exports as sent and lists their spans with the exporting service', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${collector.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = exportOf('publisher', span('POST /people', '1'.repeat(16)));
    const second = exportOf('consumer', span('people process', '2'.repeat(16)));
    expect((await post('/v1/traces', first)).status).toBe(200);
    expect((await post('/v1/metrics', { resourceMetrics: [] })).status).toBe(200);
    expect((await post('/v1/traces', second)).status).toBe(200);

    expect(collector.exports).toEqual([first, second]);
    expect(collector.spans.map(({ service, name }) => `${service}: ${name}`)).toEqual([
      'publisher: POST /people',
      'consumer: people process',
    ]);
    expect(otlpAttribute(collector.spans[0]!.attributes, 'http.status_code')).toBe('201');
    expect(otlpAttribute(collector.spans[0]!.attributes, 'url.path')).toBeUndefined();
  });
});
