// A service that starts while Keycloak is unreachable (down, or frozen and never answering) says so with
// a 503 rather than refusing the token, and accepts tokens once Keycloak is back, without a restart.
import { KeycloakTokenVerifier, KeycloakUnavailableError } from '@edubase/auth';
import { DEMO_PASSWORD, ensureInfraUp, KEYCLOAK_REALM, KEYCLOAK_URL, TcpProxy } from '@edubase/testing';

jest.setTimeout(60_000);

async function tokenThrough(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/realms/${KEYCLOAK_REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'edubase-cli',
      username: 'teacher.3101200001',
      password: DEMO_PASSWORD,
    }),
  });
  if (!response.ok) throw new Error(`login through ${baseUrl}: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('token verification across a Keycloak outage', () => {
  let proxy: TcpProxy;

  beforeAll(async () => {
    await ensureInfraUp(['keycloak']);
    proxy = await TcpProxy.start(Number(new URL(KEYCLOAK_URL).port));
  });

  afterAll(async () => {
    await proxy?.cut();
  });

  // The frozen case first: no kept-alive connection to the proxy exists yet, so the key fetch really waits
  // on a connection that never answers and is given up by the verifier's own timeout (5 s), not by a reset.
  it.each([
    ['connections never answered', (proxy: TcpProxy) => proxy.freeze(), 4_500],
    ['refused connections', (proxy: TcpProxy) => proxy.cut(), 0],
  ])(
    'verifies tokens again once Keycloak answers, after starting during an outage (%s)',
    async (_kind, outage, atLeastMs) => {
      // Tokens name the host they were asked from as issuer; the service knows Keycloak by the proxy's.
      const first = await tokenThrough(proxy.url);
      const second = await tokenThrough(proxy.url);
      await outage(proxy);
      const verifier = new KeycloakTokenVerifier({
        keycloakUrl: proxy.url,
        realm: KEYCLOAK_REALM,
        audience: 'edubase-api',
      });
      const refused = Date.now();
      // Not a verdict on the token: the caller is told to retry (503), not to log in again (401).
      await expect(verifier.verify(first)).rejects.toBeInstanceOf(KeycloakUnavailableError);
      expect(Date.now() - refused).toBeGreaterThanOrEqual(atLeastMs);
      expect(Date.now() - refused).toBeLessThan(10_000);

      await proxy.restore();
      const started = Date.now();
      let user = null;
      while (!user && Date.now() - started < 15_000) {
        user = await verifier.verify(second).catch(() => null);
        if (!user) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(user?.username).toBe('teacher.3101200001');
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  );
});
