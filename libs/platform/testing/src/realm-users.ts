import { clientCredentialsToken, passwordGrantToken } from './keycloak-tokens';
import { KEYCLOAK_REALM, KEYCLOAK_URL } from './infrastructure';

/** What a test account holds in Keycloak: its grants as identity would write them, its school. */
export interface RealmUserSpec {
  username: string;
  /** `<role>@<学校标识码>` or `<role>@district`, the edubaseGrants attribute. */
  grants: readonly string[];
  schoolCode?: string;
  password: string;
}

async function adminCall(method: string, path: string, body?: unknown): Promise<Response> {
  const token = await clientCredentialsToken('edubase-identity', 'edubase-identity-secret');
  const response = await fetch(`${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok && response.status !== 404)
    throw new Error(`Keycloak admin ${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/**
 * A realm account made by hand for a suite that runs without identity (as identity would provision it,
 * grants included); returns its id and a token. Delete it with `deleteRealmUser` when the suite ends.
 */
export async function createRealmUser(spec: RealmUserSpec): Promise<{ id: string; token: string }> {
  const attributes: Record<string, string[]> = { edubaseGrants: [...spec.grants] };
  if (spec.schoolCode) attributes.schoolCode = [spec.schoolCode];
  const created = await adminCall('POST', '/users', {
    username: spec.username,
    enabled: true,
    firstName: '测试',
    lastName: '账号',
    email: `${spec.username}@test.example.cn`,
    emailVerified: true,
    attributes,
    credentials: [{ type: 'password', value: spec.password, temporary: false }],
  });
  const id = created.headers.get('location')?.split('/').pop();
  if (!id) throw new Error(`Keycloak did not say where ${spec.username} was created`);
  return { id, token: await passwordGrantToken(spec.username, spec.password) };
}

export async function deleteRealmUser(id: string): Promise<void> {
  await adminCall('DELETE', `/users/${encodeURIComponent(id)}`);
}
