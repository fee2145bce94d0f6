import { createRealmUser, deleteRealmUser, passwordGrantToken, uniqueRunId } from '@edubase/testing';
import { api, Harness, startNetworkAccess } from './netaccess-harness';

interface NasBody {
  id: string;
  schoolCode: string;
}

jest.setTimeout(60_000);

const schoolA = '3101200001';
const schoolB = '3101200002';

/**
 * Network access decides on the school each grant names (edubase_grants), never on the school a person
 * belongs to: a network admin of school B who teaches at school A manages B's devices, not A's.
 */
describe('network-access tenancy', () => {
  let harness: Harness;
  const accounts: string[] = [];
  let crossSchool: string;
  let noGrant: string;

  beforeAll(async () => {
    harness = await startNetworkAccess('tenancy');
    const district = await passwordGrantToken('district.admin');
    for (const [schoolCode, ip] of [
      [schoolA, '127.41.1.1'],
      [schoolB, '127.41.2.1'],
    ] as const) {
      const created = await api(harness, district, 'POST', '/nas', {
        schoolCode,
        name: `交换机 ${schoolCode}`,
        ip,
        sharedSecret: 'tenancy-shared-secret',
        vendor: 'huawei',
      });
      expect(created.status).toBe(201);
    }
    const run = uniqueRunId();
    const cross = await createRealmUser({
      username: `tn${run}cross`,
      grants: [`teacher@${schoolA}`, `network-admin@${schoolB}`],
      schoolCode: schoolA,
      password: 'Tenancy-Passw0rd!',
    });
    const none = await createRealmUser({
      username: `tn${run}none`,
      grants: [],
      schoolCode: schoolA,
      password: 'Tenancy-Passw0rd!',
    });
    accounts.push(cross.id, none.id);
    crossSchool = cross.token;
    noGrant = none.token;
  });

  afterAll(async () => {
    for (const id of accounts) await deleteRealmUser(id);
    await harness?.close();
  });

  it("lists only the devices of the school the network-admin grant names, not the person's own", async () => {
    const listed = await api<NasBody[]>(harness, crossSchool, 'GET', '/nas');
    expect(listed.status).toBe(200);
    expect(listed.body.map((nas) => nas.schoolCode)).toEqual([schoolB]);
    expect((await api(harness, crossSchool, 'GET', `/nas?schoolCode=${schoolA}`)).status).toBe(403);
    expect((await api(harness, crossSchool, 'GET', `/nas?schoolCode=${schoolB}`)).status).toBe(200);
    expect((await api(harness, crossSchool, 'GET', `/terminals?schoolCode=${schoolA}`)).status).toBe(403);
    const registered = await api(harness, crossSchool, 'POST', '/nas', {
      schoolCode: schoolA,
      name: '越权交换机',
      ip: '127.41.1.2',
      sharedSecret: 'tenancy-shared-secret',
      vendor: 'h3c',
    });
    expect(registered.status).toBe(403);
  });

  it('refuses a caller without a school grant and without a district role on every route', async () => {
    for (const url of ['/nas', '/terminals', '/disconnects', '/trace/ip?ip=10.1.1.1&caseReason=test'])
      expect((await api(harness, noGrant, 'GET', url)).status).toBe(403);
  });
});
