import { DEMO_PASSWORD, KEYCLOAK_REALM, KEYCLOAK_URL } from './infrastructure';

/** The realm's public test/demo client with direct access grants (never enabled in production). */
const PASSWORD_GRANT_CLIENT = 'edubase-cli';

/** What the token endpoint answers (the fields tests use). */
export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/** POSTs a form to the realm's token endpoint and returns the answer as it is, whatever its status. */
export function requestToken(form: Record<string, string>): Promise<Response> {
  return fetch(`${KEYCLOAK_URL}/realms/${KEYCLOAK_REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

async function tokenSet(what: string, form: Record<string, string>): Promise<TokenSet> {
  const response = await requestToken(form);
  // Status and Keycloak's error body in the message: tests tell a 401 from "Account is not fully set up".
  if (!response.ok) throw new Error(`${what} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenSet;
}

/** Logs a realm user in with the password grant; the demo accounts share DEMO_PASSWORD. */
export function passwordGrant(username: string, password = DEMO_PASSWORD): Promise<TokenSet> {
  return tokenSet(`login of ${username}`, {
    grant_type: 'password',
    client_id: PASSWORD_GRANT_CLIENT,
    username,
    password,
  });
}

/** The access token of a realm user (password grant). */
export async function passwordGrantToken(username: string, password = DEMO_PASSWORD): Promise<string> {
  return (await passwordGrant(username, password)).access_token;
}

/** Exchanges a refresh token from `passwordGrant`; the raw answer, as tests check refusals too. */
export function refreshGrant(refreshToken: string): Promise<Response> {
  return requestToken({
    grant_type: 'refresh_token',
    client_id: PASSWORD_GRANT_CLIENT,
    refresh_token: refreshToken,
  });
}

/** The access token of a confidential client (a system calling the APIs), with the scopes asked for. */
export async function clientCredentialsToken(
  clientId: string,
  secret: string,
  scopes: readonly string[] = [],
): Promise<string> {
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
  };
  if (scopes.length > 0) form.scope = scopes.join(' ');
  return (await tokenSet(`client-credentials login of ${clientId}`, form)).access_token;
}
