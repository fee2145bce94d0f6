import type { FastifyInstance } from 'fastify';
import type { ConsoleConfig } from './console.config';

const GRANTS = new Set(['authorization_code', 'refresh_token']);

function field(body: unknown, name: string): string | undefined {
  const value = typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 8_000 ? value : undefined;
}

/**
 * Where the console signs in (`/api/web-config`) and its token requests relayed to Keycloak from the page's
 * own origin (`/api/auth/token`), as the cockpit does for its dashboard: the realm's `edubase-web` client
 * allows any loopback port as redirect URI, but its web origins do not cover them, so the browser cannot
 * call the token endpoint itself. Nothing is added: it is the public client and PKCE binds the code to the
 * browser's verifier.
 */
export function signInRoutes(fastify: FastifyInstance, config: ConsoleConfig): void {
  fastify.get('/api/web-config', async () => ({
    keycloakUrl: config.keycloakUrl,
    realm: config.KEYCLOAK_REALM,
    clientId: config.CONSOLE_WEB_CLIENT_ID,
  }));
  fastify.post('/api/auth/token', async (request, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
    } catch {
      body = undefined;
    }
    const grantType = field(body, 'grantType');
    const form = new URLSearchParams({
      client_id: config.CONSOLE_WEB_CLIENT_ID,
      grant_type: grantType ?? '',
    });
    const names =
      grantType === 'authorization_code' ? ['code', 'redirectUri', 'codeVerifier'] : ['refreshToken'];
    const missing = [
      ...(grantType && GRANTS.has(grantType) ? [] : ['grantType']),
      ...names.filter((name) => field(body, name) === undefined),
    ];
    if (missing.length > 0)
      return reply
        .code(400)
        .type('application/problem+json')
        .send({
          type: 'urn:edubase:problem:validation-error',
          title: 'Request validation failed',
          status: 400,
          detail: `Invalid field${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`,
          errors: missing.map((name) => ({ field: name, reason: `${name} is required` })),
        });
    const keycloakNames: Record<string, string> = {
      code: 'code',
      redirectUri: 'redirect_uri',
      codeVerifier: 'code_verifier',
      refreshToken: 'refresh_token',
    };
    for (const name of names) form.set(keycloakNames[name]!, field(body, name)!);
    let response: Response;
    try {
      response = await fetch(
        `${config.keycloakUrl}/realms/${config.KEYCLOAK_REALM}/protocol/openid-connect/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(10_000),
        },
      );
    } catch {
      return reply.code(502).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'Keycloak is not reachable.',
      });
    }
    return reply
      .code(response.status)
      .header('cache-control', 'no-store')
      .type(response.headers.get('content-type') ?? 'application/json')
      .send(await response.text());
  });
}
