import { passwordGrantToken } from '@edubase/testing';
import {
  api,
  createDistrict,
  Harness,
  loginAsProvisioned,
  startIdentity,
  tokenClaims,
} from './identity-harness';

interface PersonBody {
  id: string;
  schoolCode: string | null;
}
interface Page {
  items: PersonBody[];
  total: number;
}

jest.setTimeout(60_000);

const schoolA = '3101200001';
const schoolB = '3101200002';

/**
 * A role reaches what its grant names, in the token and in every decision: a school-scoped leader (校领导)
 * reads their school only, a network admin of another school is not an administrator of their own.
 */
describe('role scopes travel with the token', () => {
  let harness: Harness;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  beforeAll(async () => {
    harness = await startIdentity('rolescope');
    tokens.district = await passwordGrantToken('district.admin');
    tokens.adminA = await passwordGrantToken(`admin.${schoolA}`);
    tokens.adminB = await passwordGrantToken(`admin.${schoolB}`);
    const district = await createDistrict(harness, tokens.district, '上海市奉贤区教育局', [
      { schoolCode: schoolA, name: '上海市奉贤区实验小学', stage: 'primary' },
      { schoolCode: schoolB, name: '上海市奉贤中学', stage: 'senior' },
    ]);
    orgs.schoolA = district.schoolIds[schoolA]!;
    orgs.schoolB = district.schoolIds[schoolB]!;
    for (const [suffix, orgId, token] of [
      ['ra1', orgs.schoolA, tokens.adminA],
      ['rb1', orgs.schoolB, tokens.adminB],
    ] as const) {
      const staffNo = harness.staffNo(suffix);
      const created = await api(harness, token, 'POST', '/people', {
        kind: 'staff',
        name: '张校长',
        orgId,
        staffNo,
        email: `${staffNo}@fx.example.cn`,
      });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function personByStaffNo(staffNo: string): Promise<PersonBody> {
    const found = await api<PersonBody>(harness, tokens.district!, 'GET', `/people/by-staff-no/${staffNo}`);
    expect(found.status).toBe(200);
    return found.body;
  }

  it('keeps a leader granted by a school admin for their school inside that school', async () => {
    const staffNo = harness.staffNo('rb1');
    const leader = await personByStaffNo(staffNo);
    const granted = await api(harness, tokens.adminB!, 'POST', `/people/${leader.id}/roles`, {
      role: 'leader',
      scope: 'school',
      schoolCode: schoolB,
    });
    expect(granted.status).toBe(201);
    // A school admin cannot hand out the district-wide leader role.
    const district = await api(harness, tokens.adminB!, 'POST', `/people/${leader.id}/roles`, {
      role: 'leader',
      scope: 'district',
    });
    expect(district.status).toBe(403);

    const token = await loginAsProvisioned(harness, staffNo);
    expect(tokenClaims(token).edubase_grants).toEqual([`leader@${schoolB}`]);

    const listed = await api<Page>(harness, token, 'GET', '/people?pageSize=200');
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(new Set(listed.body.items.map((person) => person.schoolCode))).toEqual(new Set([schoolB]));
    expect((await api(harness, token, 'GET', `/people?schoolCode=${schoolA}`)).status).toBe(403);
    const other = await personByStaffNo(harness.staffNo('ra1'));
    expect((await api(harness, token, 'GET', `/people/${other.id}`)).status).toBe(403);
    const tree = await api<Array<{ schoolCode: string | null }>>(harness, token, 'GET', '/orgs/tree');
    expect(tree.status).toBe(200);
    expect(tree.body.map((node) => node.schoolCode)).toEqual([schoolB]);
  });

  it("gives a network-admin grant for school B to a person of school A: B's network, nothing of A", async () => {
    const staffNo = harness.staffNo('ra1');
    const person = await personByStaffNo(staffNo);
    // A school admin of A may not grant roles for school B.
    const refused = await api(harness, tokens.adminA!, 'POST', `/people/${person.id}/roles`, {
      role: 'network-admin',
      scope: 'school',
      schoolCode: schoolB,
    });
    expect(refused.status).toBe(403);
    const granted = await api(harness, tokens.district!, 'POST', `/people/${person.id}/roles`, {
      role: 'network-admin',
      scope: 'school',
      schoolCode: schoolB,
    });
    expect(granted.status).toBe(201);

    const token = await loginAsProvisioned(harness, staffNo);
    const claims = tokenClaims(token);
    expect(claims.edubase_grants).toEqual([`network-admin@${schoolB}`]);
    expect(claims.school_code).toBe(schoolA);
    const listed = await api<Page>(harness, token, 'GET', '/people?pageSize=200');
    expect(new Set(listed.body.items.map((item) => item.schoolCode))).toEqual(new Set([schoolB]));
  });

  it('refuses a caller with no grant at all, whatever school they belong to', async () => {
    const staffNo = harness.staffNo('ra2');
    const created = await api(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'staff',
      name: '赵无权',
      orgId: orgs.schoolA,
      staffNo,
      email: `${staffNo}@fx.example.cn`,
    });
    expect(created.status).toBe(201);
    const token = await loginAsProvisioned(harness, staffNo);
    expect(tokenClaims(token).edubase_grants).toBeUndefined();
    expect((await api(harness, token, 'GET', '/people')).status).toBe(403);
    expect((await api(harness, token, 'GET', '/orgs/tree')).status).toBe(403);
    expect((await api(harness, token, 'GET', '/people/me')).status).toBe(200);
  });
});
