import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  clientCredentialsToken,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  passwordGrant,
  passwordGrantToken,
  radclient,
  RadclientResult,
} from '@edubase/testing';
import { announceStaff, counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(120_000);

// Wrong RADIUS passwords must never lock the person's SSO account (Keycloak brute-force detection:
// two failures within quickLoginCheckMilliSeconds, or failureFactor of them in a row, lock it).
const schoolCode = '3101200001';
const secret = 'nas-shared-secret-lockout';
const rightPassword = 'Right-Passw0rd!';
const run = randomBytes(3).toString('hex');

interface Teacher {
  personId: string;
  staffNo: string;
  keycloakId?: string;
}

async function keycloakAdmin(method: string, urlPath: string, body?: unknown): Promise<Response> {
  const token = await clientCredentialsToken('edubase-identity', 'edubase-identity-secret');
  return fetch(`${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}${urlPath}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createKeycloakUser(teacher: Teacher): Promise<void> {
  const response = await keycloakAdmin('POST', '/users', {
    username: teacher.staffNo,
    enabled: true,
    firstName: '锁定',
    lastName: '测试',
    email: `${teacher.staffNo}@lockout.test`,
    emailVerified: true,
    credentials: [{ type: 'password', value: rightPassword, temporary: false }],
  });
  if (response.status !== 201) throw new Error(`create ${teacher.staffNo}: ${response.status}`);
  teacher.keycloakId = response.headers.get('location')!.split('/').pop()!;
}

/** Sends the requests with one radclient, each only once the previous one was answered; its output. */
function radclientInSequence(port: number, requests: readonly string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('radclient', [
      '-x',
      '-p',
      '1',
      '-r',
      '1',
      '-t',
      '3',
      `127.0.0.1:${port}`,
      'auth',
      secret,
    ]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(output));
    child.stdin.end(`${requests.map((lines) => lines.join('\n')).join('\n\n')}\n`);
  });
}

/** The password grant as the teacher would log in anywhere else; throws when Keycloak refuses. */
async function ssoLoginWorks(teacher: Teacher): Promise<void> {
  await passwordGrant(teacher.staffNo, rightPassword);
}

describe('wrong RADIUS passwords and the SSO account lock', () => {
  let harness: Harness;
  const burst: Teacher = { personId: randomUUID(), staffNo: `t-lock-${run}-burst` };
  const paced: Teacher = { personId: randomUUID(), staffNo: `t-lock-${run}-paced` };

  beforeAll(async () => {
    harness = await startNetworkAccess('lockout');
    const districtToken = await passwordGrantToken('district.admin');
    const nas = await harness.app.inject({
      method: 'POST',
      url: '/nas',
      headers: { authorization: `Bearer ${districtToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        schoolCode,
        name: '锁定测试交换机',
        ip: '127.0.0.1',
        sharedSecret: secret,
        vendor: 'huawei',
        model: 'S5735',
      }),
    });
    expect(nas.statusCode).toBe(201);
    for (const teacher of [burst, paced]) await createKeycloakUser(teacher);
    await announceStaff(
      harness,
      [burst, paced].map((teacher) => ({ ...teacher, schoolCode, roles: ['teacher'] as const })),
    );
  });

  afterAll(async () => {
    for (const teacher of [burst, paced])
      if (teacher.keycloakId) await keycloakAdmin('DELETE', `/users/${teacher.keycloakId}`);
    await harness?.close();
  });

  const pap = (teacher: Teacher, password: string): Promise<RadclientResult> =>
    radclient(
      harness.authPort,
      'auth',
      secret,
      [`User-Name = "${teacher.staffNo}"`, `User-Password = "${password}"`],
      { timeoutSeconds: 3 },
    );
  const ssoChecks = async (): Promise<number> =>
    (await counterValue('netaccess_sso_password_checks_total', { result: 'invalid' })) +
    (await counterValue('netaccess_sso_password_checks_total', { result: 'valid' }));

  it('twenty wrong passwords back to back ask Keycloak once or twice and leave the SSO account usable', async () => {
    const checksBefore = await ssoChecks();
    const rateLimitedBefore = await counterValue('netaccess_radius_rejects_total', {
      method: 'pap',
      reason: 'rate-limited',
    });
    // One radclient, one request outstanding at a time (-p 1): back to back. Keycloak folds truly
    // concurrent failures into one, but two in a row within quickLoginCheckMilliSeconds lock the account.
    const startedAt = Date.now();
    const output = await radclientInSequence(
      harness.authPort,
      Array.from({ length: 20 }, (_, index) => [
        `User-Name = "${burst.staffNo}"`,
        `User-Password = "wrong-burst-${index}"`,
      ]),
    );
    const elapsedMs = Date.now() - startedAt;
    await ssoLoginWorks(burst);

    expect(output.match(/^Received Access-Reject/gm)).toHaveLength(20);
    // Back-off after the first failure 2 s, after the second 4 s: within 6 s at most two reach Keycloak.
    expect(elapsedMs).toBeLessThan(6_000);
    const checked = (await ssoChecks()) - checksBefore;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(elapsedMs < 2_000 ? 1 : 2);
    expect(output.match(/Reply-Message = "用户名或密码错误"/g)).toHaveLength(checked);
    expect(
      await counterValue('netaccess_radius_rejects_total', { method: 'pap', reason: 'rate-limited' }),
    ).toBe(rateLimitedBefore + 20 - checked);

    // Within the back-off even the right password is not put to Keycloak (it cannot tell it from a wrong
    // one); once the back-off has run out the teacher gets in.
    const tooSoon = await pap(burst, rightPassword);
    expect(tooSoon.code).toBe('Access-Reject');
    expect(tooSoon.attributes['Reply-Message']).toBe('尝试过于频繁，请稍后再试');
    // The back-off after the last failure: 2 s after the first, 4 s after the second.
    await new Promise((resolve) => setTimeout(resolve, 2_000 * 2 ** (checked - 1) + 100));
    expect((await pap(burst, rightPassword)).code).toBe('Access-Accept');
  });

  it('twelve wrong passwords 1.5 s apart stay under failureFactor; a retried wrong one is not asked again', async () => {
    // Log in once so the verifier cache knows the right password: the limiter must not shut out a
    // password Keycloak already accepted.
    expect((await pap(paced, rightPassword)).code).toBe('Access-Accept');
    const checksBefore = await ssoChecks();
    const wrongReplies: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const answer = await pap(paced, `wrong-paced-${index}`);
      expect(answer.code).toBe('Access-Reject');
      wrongReplies.push(answer.attributes['Reply-Message']!);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    await ssoLoginWorks(paced);
    // The default budget (4 Keycloak-checked failures per instance) is spent, the rest were held back.
    expect(await ssoChecks()).toBe(checksBefore + 4);
    expect(wrongReplies.filter((reply) => reply === '用户名或密码错误')).toHaveLength(4);

    const retried = await pap(paced, 'wrong-paced-0');
    expect(retried.attributes['Reply-Message']).toBe('用户名或密码错误');
    expect(await ssoChecks()).toBe(checksBefore + 4);
    expect((await pap(paced, rightPassword)).code).toBe('Access-Accept');
  });
});
