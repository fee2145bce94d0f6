import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleConfig } from './console.config';

/** Request headers a service needs from the browser; cookies and the rest stay behind. */
const FORWARDED_REQUEST = ['authorization', 'content-type', 'accept', 'accept-language', 'traceparent'];
/** Response headers the page reads (downloads, a created job's Location, problem types). */
const FORWARDED_RESPONSE = ['content-type', 'content-disposition', 'location', 'cache-control'];
/** Longer than any API answer (a 5,000-row import dry run is seconds), shorter than forever. */
const UPSTREAM_TIMEOUT_MS = 120_000;

function problem(reply: FastifyReply, status: number, detail: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: status === 502 ? 'Bad Gateway' : 'Error', status, detail });
}

/**
 * `/api/<service>/<path>` → `<service URL>/<path>`, as it is: the service authenticates the bearer token and
 * applies its own tenancy, so this relay decides nothing. It exists because the services do not answer
 * cross-origin requests, and one origin for the page and its APIs needs no CORS in every service.
 */
export function relayApis(fastify: FastifyInstance, config: ConsoleConfig): void {
  // Bodies pass through untouched (JSON, CSV or XLSX uploads): no parsing here.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  for (const [name, baseUrl] of Object.entries(config.upstreams)) {
    const prefix = `/api/${name}`;
    const relay = async (request: FastifyRequest, reply: FastifyReply) => {
      const target = `${baseUrl}${request.url.slice(prefix.length) || '/'}`;
      const headers: Record<string, string> = {};
      for (const header of FORWARDED_REQUEST) {
        const value = request.headers[header];
        if (typeof value === 'string') headers[header] = value;
      }
      let response: Response;
      try {
        response = await fetch(target, {
          method: request.method,
          headers,
          body: Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined,
          signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
          redirect: 'manual',
        });
      } catch {
        return problem(reply, 502, `The ${name} service is not reachable.`);
      }
      for (const header of FORWARDED_RESPONSE) {
        const value = response.headers.get(header);
        if (value !== null) void reply.header(header, value);
      }
      return reply.code(response.status).send(Buffer.from(await response.arrayBuffer()));
    };
    fastify.all(prefix, relay);
    fastify.all(`${prefix}/*`, relay);
  }
}
