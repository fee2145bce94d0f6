import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { activeTraceIds, type Log } from '@edubase/telemetry';
import type { PathExceptionFilter } from './path-exception-filters';
import { PROBLEM_CONTENT_TYPE, problemFor } from './problem-details';

/** Answers every error of the HTTP API as application/problem+json (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Log,
    private readonly pathFilters: readonly PathExceptionFilter[] = [],
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const pathFilter = this.pathFilters.find((scoped) => request.url.startsWith(scoped.pathPrefix));
    if (pathFilter) return void pathFilter.filter.catch(exception, host);
    const reply = http.getResponse<FastifyReply>();
    const problem = problemFor(exception, request.url);
    const traceId = activeTraceIds()?.trace_id;
    if (traceId) problem.traceId = traceId;

    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR)
      this.logger.error({ err: exception, method: request.method, url: request.url }, 'request failed');
    if (problem.status === HttpStatus.UNAUTHORIZED && !reply.hasHeader('WWW-Authenticate'))
      reply.header('WWW-Authenticate', 'Bearer realm="edubase"');
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
