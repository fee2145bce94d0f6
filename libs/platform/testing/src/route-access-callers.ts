import { createHmac } from 'node:crypto';
import { KEYCLOAK_REALM, KEYCLOAK_URL } from './infrastructure';
import { clientCredentialsToken, requestToken } from './keycloak-tokens';
import { createRealmUser, deleteRealmUser } from './realm-users';
import { uniqueRunId } from './run-id';

/** The school the school-scoped callers hold their grants for; the other school is OTHER_SCHOOL. */
export const OWN_SCHOOL = '3101200001';
export const OTHER_SCHOOL = '3101200002';

/**
 * People calling with a real token: each holds one grant (`<role>` district-wide, `<role>@A` for
 * OWN_SCHOOL), or none (`nobody@A`, a member of OWN_SCHOOL without a grant; `nobody`, without school or
 * grant: the tenancy rule lets them see nothing); plus district systems.
 */
export const ROLE_CALLERS = [
  'district-admin',
  'leader',
  'researcher',
  'security-officer',
  'contractor-ops',
  'school-admin@A',
  'leader@A',
  'network-admin@A',
  'security-officer@A',
  'teacher@A',
  'contractor-ops@A',
  'nobody@A',
  'nobody',
  'system:identity:read',
  'system:identity:write',
  'system:no-scope',
] as const;
export type RoleCaller = (typeof ROLE_CALLERS)[number];

/** Tokens no route may accept: every non-public route answers them 401. */
export const ATTACK_CALLERS = [
  'no token',
  'alg none',
  'HS256 guessed key',
  'other issuer',
  'expired',
] as const;
export type AttackCaller = (typeof ATTACK_CALLERS)[number];

export interface MatrixCallers {
  tokens: Map<RoleCaller | AttackCaller, string | null>;
  close(): Promise<void>;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function forged(real: string, alg: 'none' | 'HS256'): string {
  const [header, payload] = real.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as object;
  const realHeader = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { kid?: string };
  const signingInput = `${base64url({ alg, typ: 'JWT', kid: realHeader.kid })}.${base64url(claims)}`;
  if (alg === 'none') return `${signingInput}.`;
  return `${signingInput}.${createHmac('sha256', 'secret').update(signingInput).digest('base64url')}`;
}

/** The bootstrap admin of the master realm: creates the suite's client, and is a token of another issuer. */
export async function masterAdminToken(): Promise<string> {
  const response = await fetch(`${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: 'admin',
    }),
  });
  if (!response.ok) throw new Error(`master realm login: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A public client of its own whose tokens live one second, so the suite holds a genuinely expired one. */
async function expiredToken(
  run: string,
  username: string,
  password: string,
): Promise<{ token: string; clientUuid: string }> {
  const clientId = `matrix-${run}`;
  const created = await fetch(`${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await masterAdminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId,
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
      attributes: { 'access.token.lifespan': '1' },
      defaultClientScopes: ['basic', 'roles', 'edubase'],
    }),
  });
  if (!created.ok) throw new Error(`creating client ${clientId}: ${created.status} ${await created.text()}`);
  const clientUuid = created.headers.get('location')!.split('/').pop()!;
  const response = await requestToken({ grant_type: 'password', client_id: clientId, username, password });
  if (!response.ok) throw new Error(`short-lived login: ${response.status} ${await response.text()}`);
  const token = ((await response.json()) as { access_token: string }).access_token;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return { token, clientUuid };
}

/** Realm accounts and tokens for every caller of the matrix; `close` deletes what it made. */
export async function matrixCallers(): Promise<MatrixCallers> {
  const run = uniqueRunId();
  const password = `Matrix-${run}-Pw1!`;
  const tokens = new Map<RoleCaller | AttackCaller, string | null>();
  const userIds: string[] = [];
  for (const caller of ROLE_CALLERS) {
    if (caller.startsWith('system:')) continue;
    const [role, school] = caller.split('@');
    const grants = role === 'nobody' ? [] : [`${role}@${school === 'A' ? OWN_SCHOOL : 'district'}`];
    const user = await createRealmUser({
      username: `mx${run}-${caller.replace('@', '-at-')}`,
      grants,
      ...(school === 'A' ? { schoolCode: OWN_SCHOOL } : {}),
      password,
    });
    userIds.push(user.id);
    tokens.set(caller, user.token);
  }
  const system = (scopes: string[]) =>
    clientCredentialsToken('district-system-demo', 'district-system-demo-secret', scopes);
  tokens.set('system:identity:read', await system(['identity:read']));
  tokens.set('system:identity:write', await system(['identity:read', 'identity:write']));
  tokens.set('system:no-scope', await system([]));

  tokens.set('no token', null);
  tokens.set('alg none', forged(tokens.get('district-admin')!, 'none'));
  tokens.set('HS256 guessed key', forged(tokens.get('district-admin')!, 'HS256'));
  tokens.set('other issuer', await masterAdminToken());
  const expired = await expiredToken(run, `mx${run}-district-admin`, password);
  tokens.set('expired', expired.token);

  return {
    tokens,
    async close() {
      for (const id of userIds) await deleteRealmUser(id);
      await fetch(`${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/clients/${expired.clientUuid}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${await masterAdminToken()}` },
      });
    },
  };
}
