import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RoleName } from '@edubase/contracts';
import { AUTHENTICATED_KEY, PUBLIC_KEY, ROLES_KEY, SERVICE_SCOPES_KEY } from './access.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import { USER_REQUEST_KEY } from './current-user.decorator';
import { declaresAccess, isAllowed, RouteAccess } from './route-access';
import { narrowedToRoles } from './tenancy';
import { KeycloakTokenVerifier, KeycloakUnavailableError, TokenRejectedError } from './token-verifier';

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpReplyLike {
  header(name: string, value: string): unknown;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 7235). */
function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length < 8) return undefined;
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = header.slice(7).trim();
  return token.length > 0 && !token.includes(' ') ? token : undefined;
}

/**
 * Global guard: every HTTP route must declare its access (deny by default, as the lint rule demands at
 * build time), and every non-public route needs a verified Keycloak bearer token that satisfies it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private readonly accessByHandler = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: KeycloakTokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // Message handlers (Kafka) carry no bearer token; this guard is about the HTTP API.
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context);
    if (!declaresAccess(access)) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing every call`,
      );
      throw new ForbiddenException('This route declares no access rule.');
    }
    if (access.isPublic) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      http.getResponse<HttpReplyLike>().header('WWW-Authenticate', 'Bearer realm="edubase"');
      throw new UnauthorizedException('A bearer token is required.');
    }
    // Synchronous when the token was verified before: the common case stays off the promise machinery.
    const known = this.verifier.cached(token);
    if (known) return this.authorize(access, request, known);
    return this.verifier.verify(token).then(
      (user) => this.authorize(access, request, user),
      (error: unknown) => {
        if (error instanceof KeycloakUnavailableError) {
          http.getResponse<HttpReplyLike>().header('Retry-After', '5');
          throw new ServiceUnavailableException(
            `The bearer token cannot be checked now (${error.reason}); retry shortly.`,
          );
        }
        if (!(error instanceof TokenRejectedError)) throw error;
        http.getResponse<HttpReplyLike>().header(
          'WWW-Authenticate',
          // Header values must be printable ASCII without quotes.
          `Bearer realm="edubase", error="invalid_token", error_description="${error.reason.replace(/[^\x20-\x7e]|"/g, '')}"`,
        );
        throw new UnauthorizedException(`The bearer token was refused: ${error.reason}.`);
      },
    );
  }

  private authorize(access: RouteAccess, request: HttpRequestLike, user: AuthenticatedUser): boolean {
    if (!isAllowed(access, user)) {
      Reflect.set(request, USER_REQUEST_KEY, user);
      throw new ForbiddenException('Your account does not have the role or scope this route requires.');
    }
    // The handler sees only the grants that let the caller in, so each school decision it makes is
    // taken on the scope of those roles and never on another role's (network-admin@B is not admin of A).
    const routeUser = access.anyUser || user.isServiceAccount ? user : narrowedToRoles(user, access.roles);
    Reflect.set(request, USER_REQUEST_KEY, routeUser);
    return true;
  }

  /** A method's own access decorators replace its controller's; read once per handler. */
  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const known = this.accessByHandler.get(handler);
    if (known) return known;
    const onHandler = this.read(handler);
    const access = declaresAccess(onHandler) ? onHandler : this.read(context.getClass());
    this.accessByHandler.set(handler, access);
    return access;
  }

  private read(target: object): RouteAccess {
    const get = <T>(key: string): T | undefined => this.reflector.get<T | undefined>(key, target as never);
    return {
      isPublic: get<boolean>(PUBLIC_KEY) === true,
      anyUser: get<boolean>(AUTHENTICATED_KEY) === true,
      roles: get<RoleName[]>(ROLES_KEY) ?? [],
      scopes: get<string[]>(SERVICE_SCOPES_KEY) ?? [],
    };
  }
}
