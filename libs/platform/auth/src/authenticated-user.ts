import { roleNameSchema, type RoleName } from '@edubase/contracts';

/** Who is calling, as the API sees it after the bearer token was verified. */
export interface AuthenticatedUser {
  /** Keycloak user id (`sub`). */
  subject: string;
  /** `preferred_username`: the 工号 for staff; `service-account-<client>` for district systems. */
  username: string;
  name?: string;
  /** EduBase roles only; Keycloak's own default roles are left out. */
  roles: RoleName[];
  /** 学校标识码 of the user's school; null for district-level staff and systems. */
  schoolCode: string | null;
  /** OAuth scopes granted to the token (`scope` claim). */
  scopes: string[];
  /** The client the token was issued to (`azp`). */
  clientId: string;
  /** True for client-credentials tokens of district systems. */
  isServiceAccount: boolean;
}

/** The claims of a verified Keycloak access token that EduBase reads. */
export interface AccessTokenClaims {
  sub?: unknown;
  preferred_username?: unknown;
  name?: unknown;
  school_code?: unknown;
  realm_access?: unknown;
  scope?: unknown;
  azp?: unknown;
  client_id?: unknown;
  sid?: unknown;
  exp?: unknown;
}

export class TokenClaimsError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenClaimsError';
  }
}

const KNOWN_ROLES: ReadonlySet<string> = new Set(roleNameSchema.options);
const SCHOOL_CODE = /^\d{10}$/;
const SERVICE_ACCOUNT_PREFIX = 'service-account-';

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function realmRoles(realmAccess: unknown): RoleName[] {
  if (typeof realmAccess !== 'object' || realmAccess === null) return [];
  const roles: unknown = Reflect.get(realmAccess, 'roles');
  if (!Array.isArray(roles)) return [];
  return roles.filter((role): role is RoleName => typeof role === 'string' && KNOWN_ROLES.has(role));
}

/** Maps verified token claims to the caller; throws TokenClaimsError when a claim EduBase needs is unusable. */
export function userFromClaims(claims: AccessTokenClaims): AuthenticatedUser {
  const subject = nonEmptyString(claims.sub);
  if (!subject) throw new TokenClaimsError('token has no subject (sub)');
  const clientId = nonEmptyString(claims.azp);
  if (!clientId) throw new TokenClaimsError('token has no authorized party (azp)');
  const preferredUsername = nonEmptyString(claims.preferred_username);
  // Client-credentials tokens: Keycloak's service_account scope adds client_id and the
  // service-account-<client> username; without that scope they still lack a user session (sid) and,
  // with no profile scope, a username.
  const isServiceAccount =
    nonEmptyString(claims.client_id) !== undefined ||
    (preferredUsername?.startsWith(SERVICE_ACCOUNT_PREFIX) ?? false) ||
    (preferredUsername === undefined && nonEmptyString(claims.sid) === undefined);
  const username =
    preferredUsername ?? (isServiceAccount ? `${SERVICE_ACCOUNT_PREFIX}${clientId}` : undefined);
  if (!username) throw new TokenClaimsError('token has no preferred_username');

  const rawSchoolCode = claims.school_code;
  if (rawSchoolCode !== undefined && rawSchoolCode !== null && rawSchoolCode !== '') {
    if (typeof rawSchoolCode !== 'string' || !SCHOOL_CODE.test(rawSchoolCode))
      throw new TokenClaimsError('school_code is not a 10-digit school code (学校标识码)');
  }
  const schoolCode = typeof rawSchoolCode === 'string' && rawSchoolCode !== '' ? rawSchoolCode : null;
  const name = nonEmptyString(claims.name);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];

  return {
    subject,
    username,
    ...(name === undefined ? {} : { name }),
    roles: realmRoles(claims.realm_access),
    schoolCode,
    scopes,
    clientId,
    isServiceAccount,
  };
}
