import { Inject, Injectable } from '@nestjs/common';
import KeycloakConnect from 'keycloak-connect';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { AccessTokenClaims, AuthenticatedUser, TokenClaimsError, userFromClaims } from './authenticated-user';
import { VerifiedTokenCache } from './verified-token-cache';

/** Why a bearer token was refused; `reason` is safe to show the caller. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TokenRejectedError';
  }
}

/**
 * The realm's signing keys could not be fetched: Keycloak is down, frozen or unreachable. Nothing is known
 * about the token, so the caller should retry (503), not drop its token and log in again (401).
 */
export class KeycloakUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'KeycloakUnavailableError';
  }
}

/** The part of keycloak-connect's GrantManager used here (its typings leave out createGrant and content). */
interface BearerGrantManager {
  createGrant(rawGrant: {
    access_token: string;
  }): Promise<{ access_token?: { content?: AccessTokenClaims } }>;
}

const DEFAULT_CACHE_SIZE = 5000;
/** keycloak-connect fetches the realm's keys without a timeout; a frozen Keycloak would hold requests for ever. */
const KEY_FETCH_TIMEOUT_MS = 5000;
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|Error fetching JWK/;

class KeyFetchTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new KeyFetchTimeout('Keycloak did not answer')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function rejectionReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('(expired)')) return 'token expired';
  if (message.includes('wrong audience')) return 'token not issued for this API (audience)';
  if (message.includes('wrong ISS')) return 'token issued by another realm';
  if (message.includes('signature')) return 'token signature invalid';
  if (message.includes('public key')) return 'token signing key unknown';
  return 'token invalid';
}

/**
 * Verifies Keycloak access tokens offline: keycloak-connect checks signature (against the realm JWKS,
 * fetched once and cached by key id), issuer, type, expiry and audience. The result is kept per token
 * string until its `exp`, so a repeated token costs one map lookup, not an RSA verification.
 */
@Injectable()
export class KeycloakTokenVerifier {
  private readonly grantManager: BearerGrantManager;
  private readonly cache: VerifiedTokenCache<AuthenticatedUser>;
  /** Concurrent first requests with the same token share one verification (and one JWKS fetch). */
  private readonly inFlight = new Map<string, Promise<AuthenticatedUser>>();

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    const config: KeycloakConnect.KeycloakConfig & { 'verify-token-audience': boolean } = {
      realm: options.realm,
      'auth-server-url': options.keycloakUrl,
      resource: options.audience,
      'bearer-only': true,
      'ssl-required': 'external',
      'confidential-port': 0,
      // keycloak-connect compares `aud` with `resource` only when asked to.
      'verify-token-audience': true,
    };
    const keycloak = new KeycloakConnect({}, config);
    this.grantManager = keycloak.grantManager as unknown as BearerGrantManager;
    this.cache = new VerifiedTokenCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  }

  /** The caller of a token verified earlier and not yet expired; the hot path, without a promise. */
  cached(token: string): AuthenticatedUser | undefined {
    return this.cache.get(token, Date.now());
  }

  /** Resolves to the caller, or rejects with TokenRejectedError. */
  verify(token: string): Promise<AuthenticatedUser> {
    const cached = this.cached(token);
    if (cached) return Promise.resolve(cached);
    const pending = this.inFlight.get(token);
    if (pending) return pending;
    const verification = this.verifyUncached(token).finally(() => this.inFlight.delete(token));
    this.inFlight.set(token, verification);
    return verification;
  }

  private async verifyUncached(token: string): Promise<AuthenticatedUser> {
    let claims: AccessTokenClaims | undefined;
    try {
      const grant = await withTimeout(
        this.grantManager.createGrant({ access_token: token }),
        KEY_FETCH_TIMEOUT_MS,
      );
      claims = grant.access_token?.content;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof KeyFetchTimeout || (message.includes('public key') && UNREACHABLE.test(message)))
        throw new KeycloakUnavailableError(
          'the realm signing keys cannot be fetched: Keycloak is unreachable',
        );
      throw new TokenRejectedError(rejectionReason(error));
    }
    if (!claims || typeof claims.exp !== 'number') throw new TokenRejectedError('token invalid');
    let user: AuthenticatedUser;
    try {
      user = userFromClaims(claims);
    } catch (error) {
      if (error instanceof TokenClaimsError) throw new TokenRejectedError(error.message);
      throw error;
    }
    this.cache.set(token, user, claims.exp * 1000);
    return user;
  }
}
