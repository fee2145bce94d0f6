import { HttpException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One refused input field: `items[2].mobile` and why. */
export interface FieldError {
  field: string;
  reason: string;
}

/** RFC 9457 problem details, with EduBase's `errors` (validation) and `traceId` extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  traceId?: string;
  [extension: string]: unknown;
}

export const VALIDATION_PROBLEM_TYPE = 'urn:edubase:problem:validation-error';

/** An HTTP error carrying a problem type and extension members beyond what HttpException holds. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: {
      status: number;
      detail: string;
      type?: string;
      title?: string;
      extensions?: Record<string, unknown>;
    },
  ) {
    super(problem.detail, problem.status);
  }
}

function pathOf(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

/** Flattens class-validator's tree into one entry per failed constraint, with nested paths. */
export function fieldErrorsFrom(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = pathOf(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldErrorsFrom(error.children ?? [], field)];
  });
}

/** The 400 problem for a rejected request body, query or path parameter. */
export function validationProblem(errors: readonly ValidationError[]): ProblemException {
  const fieldErrors = fieldErrorsFrom(errors);
  const fields = [...new Set(fieldErrors.map((error) => error.field))];
  return new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    type: VALIDATION_PROBLEM_TYPE,
    title: 'Request validation failed',
    detail: `Invalid field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')}.`,
    extensions: { errors: fieldErrors },
  });
}

/**
 * A 400 problem for input that passed the DTO checks but breaks a domain rule (a school without 学段, a
 * NAS for a school nobody knows…), in the same shape as DTO validation failures: one entry per field.
 */
export function invalidFields(errors: readonly FieldError[]): ProblemException {
  const fields = [...new Set(errors.map((error) => error.field))];
  return new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    type: VALIDATION_PROBLEM_TYPE,
    title: 'Request validation failed',
    detail: `Invalid field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')}.`,
    extensions: { errors },
  });
}

export const invalidField = (field: string, reason: string): ProblemException =>
  invalidFields([{ field, reason }]);

function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Message(s) Nest puts in an HttpException's response: a string, or `{ message: string | string[] }`. */
function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message: unknown = Reflect.get(response, 'message');
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/** The 4xx status of an error raised by Fastify or a body parser before the route (`statusCode`). */
export function clientErrorStatus(exception: unknown): number | undefined {
  if (!(exception instanceof Error)) return undefined;
  const status: unknown = Reflect.get(exception, 'statusCode');
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Error codes (mysql2, Node sockets) of a database or broker that is down or restarting, not of a bug. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
]);

/** The error, or the driver error or cause it wraps (TypeORM's QueryFailedError), names a lost dependency. */
export function isDependencyUnavailable(exception: unknown): boolean {
  for (let error: unknown = exception, depth = 0; error instanceof Object && depth < 4; depth += 1) {
    const code: unknown = Reflect.get(error, 'code');
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    error = Reflect.get(error, 'driverError') ?? Reflect.get(error, 'cause');
  }
  return false;
}

/**
 * Problem details for anything thrown while handling `instance`. Unknown errors become a bare 500: the
 * caller learns nothing about the internals, the log gets the stack.
 */
export function problemFor(exception: unknown, instance: string): ProblemDetails {
  if (exception instanceof ProblemException) {
    const { status, detail, type, title, extensions } = exception.problem;
    return {
      ...extensions,
      type: type ?? 'about:blank',
      title: title ?? statusTitle(status),
      status,
      detail,
      instance,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { type: 'about:blank', title: statusTitle(status), status, detail: detailOf(exception), instance };
  }
  const clientStatus = clientErrorStatus(exception);
  if (clientStatus !== undefined) {
    // Refused before a route ran: a body Fastify or the JSON parser would not take (size, syntax, type).
    const detail = exception instanceof Error ? exception.message : statusTitle(clientStatus);
    return {
      type: 'about:blank',
      title: statusTitle(clientStatus),
      status: clientStatus,
      detail,
      instance,
      errors: [{ field: 'body', reason: detail }],
    };
  }
  if (isDependencyUnavailable(exception))
    // The database restarting (or a connection cut): nothing was written, and the same request can succeed
    // shortly; a 503 says so to clients and load balancers, where a 500 says the request itself broke.
    return {
      type: 'about:blank',
      title: statusTitle(HttpStatus.SERVICE_UNAVAILABLE),
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: 'A service this one depends on is unavailable for a moment; retry shortly.',
      instance,
    };
  return {
    type: 'about:blank',
    title: statusTitle(HttpStatus.INTERNAL_SERVER_ERROR),
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred. It has been logged.',
    instance,
  };
}
