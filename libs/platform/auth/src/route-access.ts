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
 * Whether a token's scope satisfies a route's: equal, or for a route scope ending in `*` (a family of
 * scopes made at run time, e.g. `share-*` for approved data-sharing requests), starting with what precedes it.
 */
export function scopeMatches(routeScope: string, tokenScope: string): boolean {
  return routeScope.endsWith('*')
    ? tokenScope.startsWith(routeScope.slice(0, -1))
    : tokenScope === routeScope;
}

/** The token's scopes that a route scope (`share-*`) admits: the handler decides on these. */
export function scopesMatching(user: AuthenticatedUser, routeScope: string): string[] {
  return user.isServiceAccount ? user.scopes.filter((scope) => scopeMatches(routeScope, scope)) : [];
}

/**
 * Whether a verified caller passes a route's rule. Roles and @Authenticated are for people; scopes are
 * for district systems, so a user token never passes on a scope nor a service account on a role.
 */
export function isAllowed(access: RouteAccess, user: AuthenticatedUser): boolean {
  if (access.isPublic) return true;
  if (user.isServiceAccount)
    return access.scopes.some((scope) => user.scopes.some((held) => scopeMatches(scope, held)));
  if (access.anyUser) return true;
  return access.roles.some((role) => user.roles.includes(role));
}
