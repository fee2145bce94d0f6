// Loaded with `node -r dist/libs/platform/telemetry/src/preload.js` so the SDK patches `http` before the
// service requires it. Kept free of Nest and service code: only OpenTelemetry is imported here.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BatchSpanProcessor, NoopSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { QueryRedactingExporter } from './query-redaction';

/**
 * Where spans go: a Zipkin server (OTEL_EXPORTER_ZIPKIN_ENDPOINT, its /api/v2/spans URL — what `npm start`
 * sets, to the Zipkin `infra:up` runs) and/or an OTLP/HTTP collector (OTEL_EXPORTER_OTLP_ENDPOINT, its base
 * URL), URL query values redacted on the way. Read from the environment directly: this runs before Nest and @edubase/config, which validates both.
 */
function spanProcessorsFor(env: NodeJS.ProcessEnv): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  const zipkinUrl = env.OTEL_EXPORTER_ZIPKIN_ENDPOINT;
  if (zipkinUrl)
    processors.push(
      new BatchSpanProcessor(new QueryRedactingExporter(new ZipkinExporter({ url: zipkinUrl }))),
    );
  const otlpBase = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (otlpBase) {
    const url = `${otlpBase.replace(/\/+$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new QueryRedactingExporter(new OTLPTraceExporter({ url }))));
  }
  // Without a collector, spans are still created (so logs carry trace ids and traceparent is
  // propagated) but dropped; the no-op processor also makes the SDK register its tracer provider.
  return processors.length > 0 ? processors : [new NoopSpanProcessor()];
}

const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME || 'edubase-service',
  spanProcessors: spanProcessorsFor(process.env),
  textMapPropagator: new W3CTraceContextPropagator(),
  // No OTel log pipeline: logs go to stdout as JSON via pino. An empty list stops the SDK from
  // defaulting to an OTLP log exporter.
  logRecordProcessors: [],
  instrumentations: [
    new HttpInstrumentation({
      // Probes and scrapes would drown the real traffic in traces.
      ignoreIncomingRequestHook: (request) => /^\/(health\/|metrics)/.test(request.url ?? ''),
    }),
    // fetch() is undici, which the http instrumentation does not see: identity's Keycloak admin calls,
    // network access's SSO password checks. Only calls made inside a trace (a request, a consumer) get a
    // CLIENT span; background polls (Keycloak's change watcher, readiness probes) would be root spans.
    new UndiciInstrumentation({ requireParentforSpans: true }),
  ],
});
sdk.start();

// Signals stay with Nest (enableShutdownHooks): the app's shutdown calls `shutdownTelemetry()`, which
// reaches this SDK through a global symbol so spans are flushed before the process exits.
(globalThis as Record<symbol, unknown>)[Symbol.for('edubase.telemetry.sdk')] = sdk;
