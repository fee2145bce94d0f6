import type { RoleName } from '@edubase/contracts';
import type { AuthenticatedUser } from './authenticated-user';

/** What a route declared with @Public / @Roles / @Authenticated / @ServiceScopes. */
export interface RouteAccess {
  isPublic: boolean;
  roles: readonly RoleName[];
  anyUser: boolean;
  scopes: readonly string[];
}

export function declaresAccess(access: RouteAccess): boolean {
  return access.isPublic || access.anyUser || access.roles.length > 0 || access.scopes.length > 0;
}

/**
 * Whether a verified caller passes a route's rule. Roles and @Authenticated are for people; scopes are
 * for district systems, so a user token never passes on a scope nor a service account on a role.
 */
export function isAllowed(access: RouteAccess, user: AuthenticatedUser): boolean {
  if (access.isPublic) return true;
  if (user.isServiceAccount) return access.scopes.some((scope) => user.scopes.includes(scope));
  if (access.anyUser) return true;
  return access.roles.some((role) => user.roles.includes(role));
}
