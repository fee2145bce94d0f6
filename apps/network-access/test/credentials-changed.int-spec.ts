import { randomUUID } from 'node:crypto';
import {
  createRealmUser,
  deleteRealmUser,
  passwordGrantToken,
  radclient,
  uniqueRunId,
  waitFor,
} from '@edubase/testing';
import { announceStaff, api, counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

const schoolCode = '3101200001';
const secret = 'nas-shared-secret-credentials';
const password = 'Credentials-Passw0rd!';

/**
 * A password changed in Keycloak (announced by identity as identity.person.credentials-changed.v1) is no
 * longer accepted from the verifier cache: the next PAP login asks Keycloak again.
 */
describe('network access forgets a password changed in Keycloak', () => {
  let harness: Harness;
  let keycloakId: string;
  const person = { personId: randomUUID(), staffNo: `cc${uniqueRunId()}` };

  beforeAll(async () => {
    harness = await startNetworkAccess('credentials');
    const nas = await api(harness, await passwordGrantToken('district.admin'), 'POST', '/nas', {
      schoolCode,
      name: '密码变更测试交换机',
      ip: '127.0.0.1',
      sharedSecret: secret,
      vendor: 'huawei',
    });
    expect(nas.status).toBe(201);
    keycloakId = (await createRealmUser({ username: person.staffNo, grants: [], password })).id;
    await announceStaff(harness, [{ ...person, schoolCode, roles: ['teacher'] }]);
  });

  afterAll(async () => {
    if (keycloakId) await deleteRealmUser(keycloakId);
    await harness?.close();
  });

  const pap = () =>
    radclient(
      harness.authPort,
      'auth',
      secret,
      [`User-Name = "${person.staffNo}"`, `User-Password = "${password}"`],
      { timeoutSeconds: 3 },
    );
  const keycloakChecks = () => counterValue('netaccess_sso_password_checks_total', { result: 'valid' });

  it('asks Keycloak again after the change, not before', async () => {
    const before = await keycloakChecks();
    expect((await pap()).code).toBe('Access-Accept');
    expect((await pap()).code).toBe('Access-Accept');
    expect(await keycloakChecks()).toBe(before + 1);

    await harness.publish(
      'identity.person.credentials-changed.v1',
      {
        personId: person.personId,
        staffNo: person.staffNo,
        schoolCode,
        change: 'password',
        changedAt: new Date().toISOString(),
      },
      schoolCode,
    );
    await waitFor('the change applied', 30_000, async () => {
      expect((await pap()).code).toBe('Access-Accept');
      return (await keycloakChecks()) === before + 2;
    });
  });
});
