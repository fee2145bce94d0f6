import {
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  masterAdminToken,
  passwordGrantToken,
  waitFor,
} from '@edubase/testing';
import { api, createDistrict, Harness, startIdentity } from './identity-harness';

jest.setTimeout(60_000);

const school = '3101200001';

/** The master realm's bootstrap admin: an operator changing an account in the admin console. */
async function consoleAdmin(method: string, path: string, body: unknown): Promise<void> {
  const token = await masterAdminToken();
  const response = await fetch(`${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/**
 * A password reset or a disable done in Keycloak's own console is announced as
 * identity.person.credentials-changed.v1, so network access stops accepting the old password at once;
 * identity's own provisioning calls are not announced.
 */
describe('changes made directly in Keycloak', () => {
  let harness: Harness;
  let district: string;
  let person: { id: string; keycloak: { userId: string } };

  beforeAll(async () => {
    harness = await startIdentity('kcchanges', { KEYCLOAK_CHANGE_POLL_SECONDS: '1' });
    district = await passwordGrantToken('district.admin');
    const { schoolIds } = await createDistrict(harness, district, '上海市奉贤区教育局', [
      { schoolCode: school, name: '上海市奉贤区实验小学', stage: 'primary' },
    ]);
    const staffNo = harness.staffNo('kc1');
    const created = await api<{ id: string; keycloak: { userId: string } }>(
      harness,
      district,
      'POST',
      '/people',
      {
        kind: 'staff',
        name: '周敏',
        orgId: schoolIds[school],
        staffNo,
        email: `${staffNo}@fx.example.cn`,
      },
    );
    expect(created.status).toBe(201);
    person = created.body;
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function announced(change: string): Promise<number> {
    const rows = (await harness.dataSource.query(
      `SELECT payload FROM outbox_event_written WHERE topic = 'identity.person.credentials-changed.v1'`,
    )) as { payload: string | { data: { personId: string; change: string } } }[];
    return rows
      .map(
        (row) =>
          (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
            data: { personId: string; change: string };
          },
      )
      .filter((event) => event.data.personId === person.id && event.data.change === change).length;
  }

  it("announces a password reset and a disable made in Keycloak's console, not identity's own changes", async () => {
    // identity's own provisioning (a rename synced to Keycloak) is not a change made in Keycloak.
    const renamed = await api(harness, district, 'PATCH', `/people/${person.id}`, { name: '周敏华' });
    expect(renamed.status).toBe(200);
    // Several polls later, identity's own update of the account is still not announced.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await announced('account')).toBe(0);

    await consoleAdmin('PUT', `/users/${person.keycloak.userId}/reset-password`, {
      type: 'password',
      value: 'Changed-Passw0rd!',
      temporary: false,
    });
    await waitFor('the reset announced', 15_000, async () => (await announced('password')) > 0);

    await consoleAdmin('PUT', `/users/${person.keycloak.userId}`, { enabled: false });
    await waitFor('the disable announced', 15_000, async () => (await announced('account')) > 0);
    expect(await announced('password')).toBe(1);
  });
});
