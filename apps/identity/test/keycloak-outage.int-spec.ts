import {
  DEMO_PASSWORD,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  passwordGrant,
  refreshGrant,
  TcpProxy,
  waitFor,
} from '@edubase/testing';
import { KeycloakSyncOutbox, requestKeycloakSync } from '../src/keycloak/keycloak-sync-outbox';
import {
  api,
  createDistrict,
  Harness,
  keycloakByHand,
  realmRoleNames,
  startIdentity,
} from './identity-harness';

/**
 * Keycloak down for identity only: the identity under test reaches Keycloak through a TCP proxy that the
 * test closes and reopens, while the test itself (and every other engineer's service) still talks to the
 * shared Keycloak directly. A change committed during the outage must reach Keycloak within seconds of its
 * return, through the Keycloak sync outbox, not at the next hourly reconciliation (off in these tests).
 */

jest.setTimeout(90_000);

interface PersonBody {
  id: string;
  keycloak: { userId: string | null };
  keycloakSync?: { provisioned: boolean; error: string | null };
}

const school = '3101200031';
const managedRoles = ['network-admin', 'teacher'];

/** A realm user's access token through the proxy, so its issuer is the one identity (behind the proxy) expects. */
async function tokenThrough(proxy: TcpProxy, username: string): Promise<string> {
  const response = await fetch(`${proxy.url}/realms/${KEYCLOAK_REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'edubase-cli',
      username,
      password: DEMO_PASSWORD,
    }),
  });
  if (!response.ok) throw new Error(`login of ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The account as Keycloak holds it, read directly (not through identity's proxy). */
async function keycloakUser(userId: string) {
  return (await (await keycloakByHand('GET', `/users/${userId}`)).json()) as {
    enabled: boolean;
    firstName?: string;
    lastName?: string;
  };
}

function metric(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('Keycloak sync outbox: changes made while Keycloak is down reach it when it returns', () => {
  let proxy: TcpProxy;
  let harness: Harness;
  let admin: string;
  let schoolId: string;

  beforeAll(async () => {
    proxy = await TcpProxy.start(Number(new URL(KEYCLOAK_URL).port));
    harness = await startIdentity('kcoutage', { KEYCLOAK_URL: proxy.url });
    admin = await tokenThrough(proxy, 'district.admin');
    const district = await createDistrict(harness, admin, '上海市奉贤区教育局', [
      { schoolCode: school, name: '上海市奉贤区青村小学', stage: 'primary' },
    ]);
    schoolId = district.schoolIds[school]!;
  });

  afterEach(async () => {
    // Whatever a test did, Keycloak is back for the next one and for the clean-up.
    await proxy.restore();
  });

  afterAll(async () => {
    await harness?.close();
    await proxy.cut();
  });

  async function staffMember(
    suffix: string,
    name: string,
  ): Promise<{ id: string; staffNo: string; userId: string }> {
    const staffNo = harness.staffNo(suffix);
    const created = await api<PersonBody>(harness, admin, 'POST', '/people', {
      kind: 'staff',
      name,
      orgId: schoolId,
      staffNo,
      email: `${staffNo}@fx.example.cn`,
    });
    expect(created.status).toBe(201);
    expect(created.body.keycloakSync).toMatchObject({ provisioned: true, error: null });
    return { id: created.body.id, staffNo, userId: created.body.keycloak.userId! };
  }

  const pendingRequest = async (personId: string) =>
    (
      (await harness.dataSource.query(
        'SELECT generation, attempts, last_error AS lastError FROM keycloak_sync_request WHERE person_id = ?',
        [personId],
      )) as { generation: number; attempts: number; lastError: string | null }[]
    )[0] ?? null;

  const metrics = async () => (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('a suspension made during the outage disables the account and ends its sessions within seconds of Keycloak’s return', async () => {
    const person = await staffMember('s1', '陈晓燕');
    expect(
      (await api(harness, admin, 'POST', `/people/${person.id}/roles`, { role: 'teacher', scope: 'school' }))
        .status,
    ).toBe(201);
    // The teacher has set their own password and is logged in.
    await keycloakByHand('PUT', `/users/${person.userId}/reset-password`, {
      type: 'password',
      value: 'Own-Passw0rd!',
      temporary: false,
    });
    await keycloakByHand('PUT', `/users/${person.userId}`, { requiredActions: [] });
    const session = await passwordGrant(person.staffNo, 'Own-Passw0rd!');
    const failedBefore = metric(
      await metrics(),
      'edubase_identity_keycloak_sync_attempts_total{result="failed"}',
    );

    await proxy.cut();
    const suspended = await api<PersonBody & { status: string }>(
      harness,
      admin,
      'POST',
      `/people/${person.id}/suspend`,
      { reason: '停职调查', effectiveDate: '2026-12-01' },
    );
    expect(suspended.status).toBe(200);
    expect(suspended.body.status).toBe('suspended');
    expect(suspended.body.keycloakSync?.error).toEqual(expect.any(String));
    // Identity retries while Keycloak stays away (1, 2, 4 s…); Keycloak itself still has the account
    // enabled. After the fourth failure the next retry is 8 s (±20 %) away.
    await waitFor(
      'the write’s own attempt and three retries failing',
      20_000,
      async () => ((await pendingRequest(person.id))?.attempts ?? 0) >= 4,
    );
    expect((await keycloakUser(person.userId)).enabled).toBe(true);
    expect((await realmRoleNames(person.userId)).filter((role) => managedRoles.includes(role))).toEqual([
      'teacher',
    ]);

    await proxy.restore();
    const reopenedAt = Date.now();
    // Sooner than that back-off: the retry loop asks Keycloak every 2 s whether it is back.
    await waitFor(
      'the account disabled in Keycloak',
      5_000,
      async () => !(await keycloakUser(person.userId)).enabled,
    );
    const disabledAfterMs = Date.now() - reopenedAt;
    process.stdout.write(`suspension reached Keycloak ${disabledAfterMs} ms after it came back\n`);

    await expect(passwordGrant(person.staffNo, 'Own-Passw0rd!')).rejects.toThrow(/disabled|invalid_grant/i);
    expect((await refreshGrant(session.refresh_token!)).status).toBe(400);
    // The same sync then ends the sessions and removes the roles, and the request is done.
    await waitFor('the outbox row gone', 5_000, async () => (await pendingRequest(person.id)) === null);
    expect(await (await keycloakByHand('GET', `/users/${person.userId}/sessions`)).json()).toEqual([]);
    expect((await realmRoleNames(person.userId)).filter((role) => managedRoles.includes(role))).toEqual([]);

    const text = await metrics();
    expect(
      metric(text, 'edubase_identity_keycloak_sync_attempts_total{result="failed"}') - failedBefore,
    ).toBeGreaterThanOrEqual(3);
    expect(metric(text, 'edubase_identity_keycloak_sync_attempts_total{result="succeeded"}')).toBeGreaterThan(
      0,
    );
    expect(metric(text, 'edubase_identity_keycloak_sync_pending')).toBe(0);
    expect(metric(text, 'edubase_identity_keycloak_sync_oldest_pending_age_seconds')).toBe(0);
  });

  it('a burst of writes for one person during the outage ends with Keycloak holding the last state', async () => {
    const person = await staffMember('b1', '赵一');
    const teacher = await api<{ id: string }>(harness, admin, 'POST', `/people/${person.id}/roles`, {
      role: 'teacher',
      scope: 'school',
    });
    expect(teacher.status).toBe(201);

    await proxy.cut();
    const writes: ['POST' | 'PATCH' | 'DELETE', string, object?][] = [
      ['PATCH', `/people/${person.id}`, { name: '赵二' }],
      ['POST', `/people/${person.id}/suspend`, { reason: '停职', effectiveDate: '2026-12-01' }],
      ['POST', `/people/${person.id}/roles`, { role: 'network-admin', scope: 'school' }],
      ['DELETE', `/people/${person.id}/roles/${teacher.body.id}`],
      ['PATCH', `/people/${person.id}`, { name: '钱三' }],
      ['POST', `/people/${person.id}/reactivate`],
    ];
    for (const [method, url, body] of writes) {
      const answer = await api(harness, admin, method, url, body);
      expect([200, 201]).toContain(answer.status);
    }
    expect((await pendingRequest(person.id))?.lastError).toEqual(expect.any(String));
    expect(await keycloakUser(person.userId)).toMatchObject({
      firstName: '一',
      lastName: '赵',
      enabled: true,
    });

    await proxy.restore();
    const reopenedAt = Date.now();
    await waitFor('Keycloak holding the last state', 15_000, async () => {
      const user = await keycloakUser(person.userId);
      const roles = (await realmRoleNames(person.userId)).filter((role) => managedRoles.includes(role));
      return (
        user.firstName === '三' && user.lastName === '钱' && user.enabled && roles.join() === 'network-admin'
      );
    });
    process.stdout.write(
      `burst of ${writes.length} writes reached Keycloak ${Date.now() - reopenedAt} ms after it came back\n`,
    );
    await waitFor('the outbox row gone', 5_000, async () => (await pendingRequest(person.id)) === null);
  });

  it('a request whose writer never synced (it died after the commit) is taken over by the retry loop', async () => {
    const person = await staffMember('w1', '吴五');
    // Keycloak drifted (the account disabled by hand), and a write committed its request, but the instance
    // that made it stopped before its own sync.
    await keycloakByHand('PUT', `/users/${person.userId}`, { enabled: false });
    await harness.dataSource.transaction((manager) => requestKeycloakSync(manager, [person.id]));
    const committedAt = Date.now();
    await waitFor(
      'the retry loop to sync it',
      15_000,
      async () => (await keycloakUser(person.userId)).enabled,
    );
    // Not before the writer's grace period (5 s), within one poll (5 s) after it.
    expect(Date.now() - committedAt).toBeGreaterThanOrEqual(4_500);
    await waitFor('the outbox row gone', 5_000, async () => (await pendingRequest(person.id)) === null);
  });

  it('a request made while a sync runs outlives that sync’s success (generation)', async () => {
    const person = await staffMember('g1', '孙四');
    // Keycloak away, so the retry loop cannot finish the request behind this test's back.
    await proxy.cut();
    await harness.dataSource.transaction((manager) => requestKeycloakSync(manager, [person.id]));
    const outbox = harness.app.get(KeycloakSyncOutbox, { strict: false });
    const claim = await outbox.claim(person.id);
    expect(claim).toMatchObject({ personId: person.id, generation: 1 });
    // A write commits while that sync is running...
    await harness.dataSource.transaction((manager) => requestKeycloakSync(manager, [person.id]));
    // ...and the sync, which read generation 1, succeeds: the newer request must stay, due at once.
    await outbox.succeeded(claim as Exclude<typeof claim, 'busy' | null>);
    expect(await pendingRequest(person.id)).toMatchObject({ generation: 2 });

    // Back: the retry loop finishes it (and no sync is left to race the clean-up).
    await proxy.restore();
    await waitFor('the outbox row gone', 10_000, async () => (await pendingRequest(person.id)) === null);
  });
});
