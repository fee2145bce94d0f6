import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type KeycloakTokens = typeof import('./keycloak-tokens');

/**
 * The token requests against a local stand-in for the realm's token endpoint (the real Keycloak is
 * exercised by every integration suite): checks the forms sent and how refusals are reported.
 */
describe('Keycloak token helpers', () => {
  const forms: Array<{ path: string; form: Record<string, string> }> = [];
  let server: Server;
  let tokens: KeycloakTokens;
  const previousUrl = process.env.KEYCLOAK_URL;

  const readForm = async (request: IncomingMessage): Promise<Record<string, string>> => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    return Object.fromEntries(new URLSearchParams(body));
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      void readForm(request).then((form) => {
        forms.push({ path: request.url ?? '', form });
        if (form.password === 'wrong' || form.client_secret === 'wrong')
          return response
            .writeHead(401, { 'content-type': 'application/json' })
            .end('{"error":"invalid_grant","error_description":"Invalid user credentials"}');
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            access_token: `token-of-${form.username ?? form.client_id}`,
            refresh_token: 'r',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.KEYCLOAK_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The module reads KEYCLOAK_URL when loaded.
    await jest.isolateModulesAsync(async () => {
      tokens = await import('./keycloak-tokens');
    });
  });

  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.KEYCLOAK_URL;
    else process.env.KEYCLOAK_URL = previousUrl;
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => forms.splice(0));

  it('logs a demo user in on the edubase-cli client with the demo password', async () => {
    expect(await tokens.passwordGrantToken('leader1')).toBe('token-of-leader1');
    expect(forms).toEqual([
      {
        path: '/realms/edubase/protocol/openid-connect/token',
        form: {
          grant_type: 'password',
          client_id: 'edubase-cli',
          username: 'leader1',
          password: 'Passw0rd!',
        },
      },
    ]);
  });

  it('reports a refused login with the user, the status and what Keycloak said', async () => {
    await expect(tokens.passwordGrant('leader1', 'wrong')).rejects.toThrow(
      'login of leader1 failed: 401 {"error":"invalid_grant","error_description":"Invalid user credentials"}',
    );
  });

  it('asks for client-credentials scopes space-separated, and for none when none are given', async () => {
    expect(await tokens.clientCredentialsToken('district-system-demo', 's3cret', ['a:read', 'a:write'])).toBe(
      'token-of-district-system-demo',
    );
    await tokens.clientCredentialsToken('edubase-identity', 's3cret');
    expect(forms.map((entry) => entry.form)).toEqual([
      {
        grant_type: 'client_credentials',
        client_id: 'district-system-demo',
        client_secret: 's3cret',
        scope: 'a:read a:write',
      },
      { grant_type: 'client_credentials', client_id: 'edubase-identity', client_secret: 's3cret' },
    ]);
    await expect(tokens.clientCredentialsToken('edubase-identity', 'wrong')).rejects.toThrow(
      'client-credentials login of edubase-identity failed: 401',
    );
  });

  it('hands a refresh answer back as it is, refusals included', async () => {
    const answer = await tokens.refreshGrant('r');
    expect(answer.status).toBe(200);
    expect(forms[0]!.form).toEqual({
      grant_type: 'refresh_token',
      client_id: 'edubase-cli',
      refresh_token: 'r',
    });
  });
});
