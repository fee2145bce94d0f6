import { createRealmUser, deleteRealmUser, passwordGrantToken, uniqueRunId } from '@edubase/testing';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(60_000);

const own = '3101200001';
const other = '3101200002';

describe('information-systems of governance', () => {
  let harness: Harness;
  let schoolAdmin: { id: string; token: string };
  let district: string;

  beforeAll(async () => {
    harness = await startGovernance('information-systems');
    schoolAdmin = await createRealmUser({
      username: `governance${uniqueRunId()}`,
      grants: [`school-admin@${own}`],
      schoolCode: own,
      password: 'Generated-Passw0rd!',
    });
    district = await passwordGrantToken('district.admin');
  });

  afterAll(async () => {
    if (schoolAdmin) await deleteRealmUser(schoolAdmin.id);
    await harness?.close();
  });

  const call = (token: string, method: string, path: string, body?: object) =>
    fetch(`${harness.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('lets a school administrator add one for their school and publishes its event in the same transaction', async () => {
    const created = await call(schoolAdmin.token, 'POST', '/information-systems', {
      schoolCode: own,
      name: '示例',
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; schoolCode: string };
    expect(body.schoolCode).toBe(own);
    const [written] = (await harness.dataSource.query(
      "SELECT COUNT(*) AS count FROM outbox_event_written WHERE topic = 'governance.information-system.created.v1'",
    )) as { count: string }[];
    expect(Number(written!.count)).toBe(1);
  });

  it('keeps a school administrator out of another school, and names the field of bad input', async () => {
    expect(
      (await call(schoolAdmin.token, 'POST', '/information-systems', { schoolCode: other, name: '越权' }))
        .status,
    ).toBe(403);
    expect((await call(schoolAdmin.token, 'GET', `/information-systems?schoolCode=${other}`)).status).toBe(
      403,
    );
    const listed = (await (await call(district, 'GET', '/information-systems?pageSize=10')).json()) as {
      items: { schoolCode: string }[];
      total: number;
    };
    expect(listed.items.map((row) => row.schoolCode)).toEqual([own]);
    expect(listed.total).toBe(1);
    const bad = await call(schoolAdmin.token, 'POST', '/information-systems', {
      schoolCode: own,
      name: null,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('name');
  });
});
