import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { clientErrorStatus, FieldError, ProblemException } from '@edubase/http';
import { ERROR_SCHEMA, SCIM_CONTENT_TYPE } from './scim-schemas';

/** RFC 7644 §3.12 scimType values identity uses. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers';

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends HttpException {
  constructor(
    status: number,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail, status);
  }
}

export const scimBadRequest = (scimType: ScimType, detail: string): ScimError =>
  new ScimError(HttpStatus.BAD_REQUEST, detail, scimType);

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message: unknown = Reflect.get(response, 'message');
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Maps anything thrown under /scim/v2 (guards, pipes, the shared services) to a SCIM error body. */
export function scimErrorFor(exception: unknown): ScimErrorBody | null {
  const body = (status: number, detail: string, scimType?: ScimType): ScimErrorBody => ({
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  });
  if (exception instanceof ScimError)
    return body(exception.getStatus(), detailOf(exception), exception.scimType);
  if (exception instanceof ProblemException) {
    const errors = exception.problem.extensions?.errors as FieldError[] | undefined;
    const detail = errors?.length
      ? errors.map((error) => `${error.field}: ${error.reason}`).join('; ')
      : exception.problem.detail;
    const status = exception.problem.status;
    const scimType: ScimType | undefined =
      status === HttpStatus.BAD_REQUEST
        ? 'invalidValue'
        : status === HttpStatus.CONFLICT
          ? 'uniqueness'
          : undefined;
    return body(status, detail, scimType);
  }
  const refusedBody = clientErrorStatus(exception);
  if (refusedBody !== undefined)
    return body(refusedBody, (exception as Error).message, refusedBody === 400 ? 'invalidSyntax' : undefined);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const scimType: ScimType | undefined =
      status === HttpStatus.CONFLICT
        ? 'uniqueness'
        : status === HttpStatus.BAD_REQUEST
          ? 'invalidValue'
          : undefined;
    return body(status, detailOf(exception), scimType);
  }
  return null;
}

/** SCIM clients parse `urn:ietf:params:scim:api:messages:2.0:Error`, not problem+json (RFC 7644 §3.12). */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScimExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let error = scimErrorFor(exception);
    if (!error) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
      error = {
        schemas: [ERROR_SCHEMA],
        status: '500',
        detail: 'An unexpected error occurred. It has been logged.',
      };
    }
    const status = Number(error.status);
    if (status === HttpStatus.UNAUTHORIZED && !reply.hasHeader('WWW-Authenticate'))
      reply.header('WWW-Authenticate', 'Bearer realm="edubase"');
    void reply.status(status).header('Content-Type', SCIM_CONTENT_TYPE).send(error);
  }
}
