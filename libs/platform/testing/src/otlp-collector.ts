import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** An attribute as OTLP/HTTP JSON carries it (the value kinds tests read). */
export interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
}

/** One POST to /v1/traces: spans grouped by the resource (service) and scope that made them. */
export interface OtlpTraceExport {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

/** A received span with the `service.name` of the resource that exported it. */
export interface CollectedSpan extends OtlpSpan {
  service: string;
}

/** An attribute's value as a string (int values too), or undefined when the span lacks it. */
export function otlpAttribute(attributes: OtlpAttribute[] | undefined, key: string): string | undefined {
  const value = attributes?.find((entry) => entry.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : String(value.intValue));
}

/**
 * A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps every trace export (JSON) it receives, for tests
 * that check what a process under the telemetry preload exported. Point OTEL_EXPORTER_OTLP_ENDPOINT at
 * `url`. Other signals are acknowledged and dropped.
 */
export class OtlpCollector {
  /** The trace exports in the order they arrived, as sent. */
  readonly exports: OtlpTraceExport[] = [];
  private readonly server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url === '/v1/traces') this.exports.push(JSON.parse(body) as OtlpTraceExport);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  private port = 0;

  private constructor() {}

  /** Listens on a free port of 127.0.0.1. */
  static async start(): Promise<OtlpCollector> {
    const collector = new OtlpCollector();
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
    collector.port = (collector.server.address() as AddressInfo).port;
    return collector;
  }

  /** The endpoint for OTEL_EXPORTER_OTLP_ENDPOINT. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every span received so far, each with its service's name. */
  get spans(): CollectedSpan[] {
    return this.exports.flatMap((exported) =>
      exported.resourceSpans.flatMap((resourceSpans) => {
        const service = otlpAttribute(resourceSpans.resource.attributes, 'service.name') ?? '';
        return resourceSpans.scopeSpans.flatMap((scopeSpans) =>
          scopeSpans.spans.map((span) => ({ ...span, service })),
        );
      }),
    );
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}
