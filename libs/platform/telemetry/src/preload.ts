// Loaded with `node -r dist/libs/platform/telemetry/src/preload.js` so the SDK patches `http` before the
// service requires it. Kept free of Nest and service code: only OpenTelemetry is imported here.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BatchSpanProcessor, NoopSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';

function spanProcessorsFor(endpoint: string | undefined): SpanProcessor[] {
  // Without a collector, spans are still created (so logs carry trace ids and traceparent is
  // propagated) but dropped; the no-op processor also makes the SDK register its tracer provider.
  if (!endpoint) return [new NoopSpanProcessor()];
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  return [new BatchSpanProcessor(new OTLPTraceExporter({ url }))];
}

const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME || 'edubase-service',
  spanProcessors: spanProcessorsFor(process.env.OTEL_EXPORTER_OTLP_ENDPOINT),
  textMapPropagator: new W3CTraceContextPropagator(),
  // No OTel log pipeline: logs go to stdout as JSON via pino. An empty list stops the SDK from
  // defaulting to an OTLP log exporter.
  logRecordProcessors: [],
  instrumentations: [
    new HttpInstrumentation({
      // Probes and scrapes would drown the real traffic in traces.
      ignoreIncomingRequestHook: (request) => /^\/(health\/|metrics)/.test(request.url ?? ''),
    }),
  ],
});
sdk.start();

// Signals stay with Nest (enableShutdownHooks): the app's shutdown calls `shutdownTelemetry()`, which
// reaches this SDK through a global symbol so spans are flushed before the process exits.
(globalThis as Record<symbol, unknown>)[Symbol.for('edubase.telemetry.sdk')] = sdk;
