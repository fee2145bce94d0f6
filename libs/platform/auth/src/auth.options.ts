export interface AuthOptions {
  /** Keycloak base URL, e.g. http://127.0.0.1:8080 — the token's `iss` must be `<keycloakUrl>/realms/<realm>`. */
  keycloakUrl: string;
  realm: string;
  /** The `aud` every accepted token must carry (edubase-api). */
  audience: string;
  /** Verified tokens remembered until they expire; bounded so memory stays flat. Default 5000. */
  cacheSize?: number;
}

export const AUTH_OPTIONS = Symbol('edubase:auth-options');
