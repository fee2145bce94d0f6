import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Deeper than this is no form any EduBase route takes; JSON.parse would recurse on it all the same. */
export const MAX_JSON_DEPTH = 64;
/** Fastify's own default; routes that take files register their own parsers with their own limits. */
export const MAX_JSON_BYTES = 1024 * 1024;

/** A request body refused before it reached a route: a 4xx problem (or SCIM error) naming `body`. */
export class BodyParseError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyParseError';
  }
}

/**
 * How deep the arrays and objects of a JSON text nest, read in one pass without parsing it, stopping as
 * soon as `limit` is passed (a 3,000-deep body costs as much as its first 65 brackets).
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return false;
}

type ParserDone = (error: Error | null, value?: unknown) => void;

/**
 * Every JSON media type (`application/json`, `application/scim+json`, any `+json`) goes through one
 * parser with a size limit and a nesting limit checked before parsing (JSON.parse recurses, and a body
 * 3,000 deep is no form any route takes); parsing itself is Fastify's, with its __proto__ and
 * constructor poisoning refused. An empty body is no body. Replaces the parser Nest registers.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const parse = (request: FastifyRequest, body: string | Buffer, done: ParserDone): void => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
      return done(
        new BodyParseError(400, `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`),
      );
    parseJson(request, text, (error, value) =>
      error ? done(new BodyParseError(400, 'The body is not valid JSON.')) : done(null, value),
    );
  };
  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  const options = { parseAs: 'string' as const, bodyLimit: MAX_JSON_BYTES };
  fastify.addContentTypeParser('application/json', options, parse);
  fastify.addContentTypeParser(/^application\/[\w.-]+\+json(\s*;.*)?$/, options, parse);
}
