import { BaseServiceConfig } from './base-service.config';
import { ConfigValidationError, loadConfig } from './load-config';

// The one variable without a default; the rest of an environment is the test's subject.
const REQUIRED = { DB_NAME: 'edubase_test' };

describe('BaseServiceConfig trace export endpoints', () => {
  it('leaves both exporters off when unset', () => {
    const config = loadConfig(BaseServiceConfig, REQUIRED);
    expect(config.OTEL_EXPORTER_ZIPKIN_ENDPOINT).toBeUndefined();
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('accepts the Zipkin span intake infra:up runs', () => {
    const url = 'http://127.0.0.1:9411/api/v2/spans';
    expect(
      loadConfig(BaseServiceConfig, { ...REQUIRED, OTEL_EXPORTER_ZIPKIN_ENDPOINT: url })
        .OTEL_EXPORTER_ZIPKIN_ENDPOINT,
    ).toBe(url);
  });

  it.each(['127.0.0.1:9411/api/v2/spans', 'ftp://127.0.0.1:9411/', 'zipkin'])(
    'refuses %s as the Zipkin endpoint, naming the variable',
    (value) => {
      expect(() =>
        loadConfig(BaseServiceConfig, { ...REQUIRED, OTEL_EXPORTER_ZIPKIN_ENDPOINT: value }),
      ).toThrow(ConfigValidationError);
      expect(() =>
        loadConfig(BaseServiceConfig, { ...REQUIRED, OTEL_EXPORTER_ZIPKIN_ENDPOINT: value }),
      ).toThrow(/OTEL_EXPORTER_ZIPKIN_ENDPOINT/);
    },
  );
});
