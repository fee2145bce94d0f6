import { randomUUID } from 'node:crypto';
import { passwordGrantToken, radclient, uniqueRunId, waitFor } from '@edubase/testing';
import { PersonEntity } from '../src/database/person.entity';
import { api, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

const schoolCode = '3101200001';
const secret = 'nas-secret-trace-minor';

interface TracedBody {
  personName?: string | null;
  protectedFields: Record<string, string>;
}

/**
 * The trace answers a person's name beside where and when they were online; a minor's (identity's age band
 * in the person events) is graded by the minor rule: 核心 instead of 重要.
 */
describe('trace answers under the minor rule', () => {
  let harness: Harness;
  const run = uniqueRunId();
  const people = {
    minor: { personId: randomUUID(), staffNo: `tm${run}m`, name: '陈小雨', ip: '10.31.40.1' },
    adult: { personId: randomUUID(), staffNo: `tm${run}a`, name: '王丽华', ip: '10.31.40.2' },
  };

  beforeAll(async () => {
    harness = await startNetworkAccess('traceminor');
    const nas = await api(harness, await passwordGrantToken('district.admin'), 'POST', '/nas', {
      schoolCode,
      name: '实训楼交换机',
      ip: '127.0.0.1',
      sharedSecret: secret,
      vendor: 'huawei',
    });
    expect(nas.status).toBe(201);
    for (const [key, person] of Object.entries(people))
      await harness.publish(
        'identity.person.created.v1',
        {
          personId: person.personId,
          kind: 'staff',
          staffNo: person.staffNo,
          studentNo: null,
          name: person.name,
          schoolCode,
          orgId: null,
          status: 'active',
          minor: key === 'minor' ? 'under-18' : null,
        },
        schoolCode,
      );
    await waitFor('both people projected', 30_000, async () => {
      const minor = await harness.dataSource
        .getRepository(PersonEntity)
        .findOneBy({ personId: people.minor.personId });
      const adult = await harness.dataSource
        .getRepository(PersonEntity)
        .findOneBy({ personId: people.adult.personId });
      return minor?.minor === 'under-18' && adult !== null;
    });
    for (const person of Object.values(people)) {
      const start = await radclient(harness.acctPort, 'acct', secret, [
        `User-Name = "${person.staffNo}"`,
        `Acct-Session-Id = "${person.staffNo}-1"`,
        'Acct-Status-Type = Start',
        `Framed-IP-Address = ${person.ip}`,
      ]);
      expect(start.code).toBe('Accounting-Response');
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  const trace = async (login: string, ip: string): Promise<TracedBody> => {
    const at = encodeURIComponent(new Date().toISOString());
    const answer = await waitFor(`the session at ${ip}`, 30_000, async () => {
      const found = await api<TracedBody[]>(
        harness,
        await passwordGrantToken(login),
        'GET',
        `/trace/ip?ip=${ip}&at=${at}&caseReason=${encodeURIComponent('网安协查 2026-101')}`,
      );
      return found.status === 200 && found.body.length === 1 ? found.body[0] : null;
    });
    return answer;
  };

  it('masks a minor’s name for the security officer, leaves it out for the network admin; adults as before', async () => {
    expect(await trace('district.admin', people.minor.ip)).toMatchObject({
      personName: '陈小雨',
      protectedFields: {},
    });
    expect(await trace('security.officer', people.minor.ip)).toMatchObject({
      personName: '陈**',
      protectedFields: { personName: 'masked' },
    });
    expect(await trace('security.officer', people.adult.ip)).toMatchObject({
      personName: '王丽华',
      protectedFields: {},
    });
    const minorForNetadmin = await trace('netadmin.3101200001', people.minor.ip);
    expect(minorForNetadmin.protectedFields).toEqual({ personName: 'removed' });
    expect(minorForNetadmin).not.toHaveProperty('personName');
    expect(await trace('netadmin.3101200001', people.adult.ip)).toMatchObject({
      personName: '王**',
      protectedFields: { personName: 'masked' },
    });
  });
});
