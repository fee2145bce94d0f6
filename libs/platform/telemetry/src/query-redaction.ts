import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Span attributes that carry a request's URL or its query string (old and stable HTTP semantic conventions). */
const URL_ATTRIBUTES = ['url.full', 'url.query', 'http.url', 'http.target'] as const;

/**
 * A query string's values replaced by `*`, its parameter names kept: `?q=张三&page=2` → `?q=*&page=*`.
 * Queries carry personal data (a name searched for, an IP in a trace lookup, a 工号 sent to Keycloak), and
 * traces are kept and read by operators who must not see it; the parameter names are what debugging needs.
 */
export function redactQuery(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const hashAt = url.indexOf('#', start);
  const query = url.slice(start + 1, hashAt < 0 ? undefined : hashAt);
  const redacted = query
    .split('&')
    .map((pair) => (pair === '' ? pair : `${pair.split('=')[0]}=*`))
    .join('&');
  return `${url.slice(0, start)}?${redacted}`;
}

/** The span as the exporter should see it: same span, URL attributes without their query values. */
function withRedactedUrls(span: ReadableSpan): ReadableSpan {
  const found = URL_ATTRIBUTES.filter((key) => typeof span.attributes[key] === 'string');
  if (found.length === 0) return span;
  const attributes = { ...span.attributes };
  for (const key of found) {
    const value = attributes[key] as string;
    attributes[key] = key === 'url.query' ? redactQuery(`?${value.replace(/^\?/, '')}`) : redactQuery(value);
  }
  // The span's methods (spanContext()) stay reachable through the prototype; only attributes differ.
  return Object.assign(Object.create(span) as ReadableSpan, { attributes });
}

/** Wraps an exporter so no URL query value leaves the process in a trace. */
export class QueryRedactingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(withRedactedUrls), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
