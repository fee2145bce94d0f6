import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { RoleName } from '@edubase/contracts';

export const PUBLIC_KEY = 'edubase:access:public';
export const ROLES_KEY = 'edubase:access:roles';
export const AUTHENTICATED_KEY = 'edubase:access:authenticated';
export const SERVICE_SCOPES_KEY = 'edubase:access:service-scopes';

/** The OpenAPI security scheme name that bootstrapService declares. */
export const BEARER_SCHEME = 'bearer';

/** Open to anyone without a token (health probes, metrics scrape, public reference data). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_KEY, true);

/** A user token holding any one of these realm roles. */
export const Roles = (...roles: [RoleName, ...RoleName[]]): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(BEARER_SCHEME));

/** Any valid user token, whatever its roles (service-account tokens are not users). */
export const Authenticated = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(AUTHENTICATED_KEY, true), ApiBearerAuth(BEARER_SCHEME));

/** A client-credentials token of a district system whose `scope` claim holds any one of these scopes. */
export const ServiceScopes = (...scopes: [string, ...string[]]): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(SERVICE_SCOPES_KEY, scopes), ApiBearerAuth(BEARER_SCHEME));

/** Who may call a route: people holding one of `roles`, district systems holding one of `scopes`. */
export interface RouteAccessRule {
  readonly roles: readonly [RoleName, ...RoleName[]];
  readonly scopes?: readonly [string, ...string[]];
}

/**
 * A named access rule a service defines once and puts on many routes (e.g. identity's writers: district and
 * school administrators, and district systems holding identity:write), instead of repeating the pair.
 */
export const Access = (rule: RouteAccessRule): ClassDecorator & MethodDecorator =>
  applyDecorators(Roles(...rule.roles), ...(rule.scopes ? [ServiceScopes(...rule.scopes)] : []));
