import type { RoleName } from '@edubase/contracts';
import { grantsFromClaim, type HeldGrant } from './grants';

export { formatGrant, grantsFromClaim, type HeldGrant } from './grants';

/** Who is calling, as the API sees it after the bearer token was verified. */
export interface AuthenticatedUser {
  /** Keycloak user id (`sub`). */
  subject: string;
  /** `preferred_username`: the 工号 for staff; `service-account-<client>` for district systems. */
  username: string;
  name?: string;
  /**
   * The roles of `grants`, for route rules (@Roles). Which schools a role reaches is in `grants`: every
   * decision about a school goes through the tenancy functions, never through this list alone.
   */
  roles: RoleName[];
  /** Each role with its scope (`edubase_grants` claim); Keycloak's realm roles alone grant nothing. */
  grants: readonly HeldGrant[];
  /** 学校标识码 of the school the person belongs to (membership, not a right); null for district staff. */
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
  /** Keycloak's realm roles: not read. A role without its scope cannot say which schools it reaches. */
  realm_access?: unknown;
  scope?: unknown;
  azp?: unknown;
  client_id?: unknown;
  sid?: unknown;
  exp?: unknown;
  edubase_grants?: unknown;
  given_name?: unknown;
  family_name?: unknown;
}

export class TokenClaimsError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenClaimsError';
  }
}

const SCHOOL_CODE = /^\d{10}$/;
const SERVICE_ACCOUNT_PREFIX = 'service-account-';

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const CJK = /[\u3400-\u9fff]/;

/** Chinese names read family name first with no space (李磊), not Keycloak's "given family" (磊 李). */
function displayName(claims: AccessTokenClaims): string | undefined {
  const family = nonEmptyString(claims.family_name);
  const given = nonEmptyString(claims.given_name);
  if (family && given && (CJK.test(family) || CJK.test(given)))
    return family === given ? family : family + given;
  return nonEmptyString(claims.name);
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
  const name = displayName(claims);
  const grants = grantsFromClaim(claims.edubase_grants);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];

  return {
    subject,
    username,
    ...(name === undefined ? {} : { name }),
    roles: [...new Set(grants.map((grant) => grant.role))],
    grants,
    schoolCode,
    scopes,
    clientId,
    isServiceAccount,
  };
}
