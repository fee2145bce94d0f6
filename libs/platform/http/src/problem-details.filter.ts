import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { activeTraceIds, type Log } from '@edubase/telemetry';
import { PROBLEM_CONTENT_TYPE, problemFor } from './problem-details';

/** Answers every error of the HTTP API as application/problem+json (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Log) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
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
