import { passwordGrantToken } from '@edubase/testing';
import { api, createDistrict, Harness, startIdentity } from './identity-harness';

jest.setTimeout(60_000);

const schoolA = '3101200001';

/** Input an attacker or a broken client sends: a clear 4xx naming what is wrong, never a 500. */
describe('identity refuses hostile input with a 4xx', () => {
  let harness: Harness;
  let district: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    harness = await startIdentity('hostile');
    district = await passwordGrantToken('district.admin');
    const created = await createDistrict(harness, district, '上海市奉贤区教育局', [
      { schoolCode: schoolA, name: '上海市奉贤区实验小学', stage: 'primary' },
    ]);
    ids.school = created.schoolIds[schoolA]!;
    const staffNo = harness.staffNo('h01');
    const person = await api<{ id: string }>(harness, district, 'POST', '/people', {
      kind: 'staff',
      name: '王丽华',
      orgId: ids.school,
      staffNo,
      email: `${staffNo}@fx.example.cn`,
    });
    expect(person.status).toBe(201);
    ids.person = person.body.id;
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function raw(
    method: 'POST' | 'PATCH',
    url: string,
    contentType: string,
    payload: string,
    token: string | null = district,
  ) {
    const response = await harness.app.inject({
      method,
      url,
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload,
    });
    return {
      status: response.statusCode,
      contentType: String(response.headers['content-type'] ?? ''),
      body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
    };
  }

  it.each([
    ['PATCH /people/:id', () => `/people/${ids.person}`],
    ['PATCH /orgs/:id', () => `/orgs/${ids.school}`],
  ])('answers %s with {"name":null} by a 400 naming name, and writes nothing', async (_route, url) => {
    const answer = await api<{ errors: Array<{ field: string }> }>(harness, district, 'PATCH', url(), {
      name: null,
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.errors.map((error) => error.field)).toContain('name');
  });

  it('answers a truncated SCIM body without a token with a SCIM error, other routes with a problem', async () => {
    const scim = await raw('POST', '/scim/v2/Users', 'application/scim+json', '{"schemas":', null);
    expect(scim.status).toBeGreaterThanOrEqual(400);
    expect(scim.status).toBeLessThan(500);
    expect(scim.contentType).toContain('application/scim+json');
    expect(scim.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);

    const people = await raw('POST', '/people', 'application/scim+json', '{"schemas":', null);
    expect(people.status).toBeGreaterThanOrEqual(400);
    expect(people.status).toBeLessThan(500);
    expect(people.contentType).toContain('application/problem+json');

    const json = await raw('POST', '/people', 'application/json', '{"kind":', district);
    expect(json.status).toBe(400);
    expect(json.contentType).toContain('application/problem+json');
  });

  it.each([
    ['application/json', '/people'],
    ['application/json', '/orgs'],
    ['application/scim+json', '/scim/v2/Users'],
  ])('refuses %s nested 3,000 deep on %s before parsing it', async (contentType, url) => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    const answer = await raw('POST', url, contentType, `{"name":${deep}}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/deep|nest/i);
  });

  it('refuses an e-mail another person has, in any letter case, and lets one of six concurrent creates win', async () => {
    const create = (suffix: string, email: string) => {
      const staffNo = harness.staffNo(suffix);
      return api<{ errors?: Array<{ field: string }> }>(harness, district, 'POST', '/people', {
        kind: 'staff',
        name: '李磊',
        orgId: ids.school,
        staffNo,
        email,
      });
    };
    const email = `dup${harness.staffNo('m')}@fx.example.cn`;
    expect((await create('m1', email)).status).toBe(201);
    const again = await create('m2', email.toUpperCase());
    expect(again.status).toBe(409);
    expect(again.body.errors?.map((error) => error.field)).toEqual(['email']);

    const raced = `race${harness.staffNo('r')}@fx.example.cn`;
    const answers = await Promise.all(
      ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((suffix) => create(suffix, raced)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const [holders] = (await harness.dataSource.query('SELECT COUNT(*) AS n FROM person WHERE email = ?', [
      raced,
    ])) as { n: string }[];
    expect(Number(holders!.n)).toBe(1);
  });

  it.each([
    ['王;丽', ';'],
    ['<script>', '<'],
    ['王\u202e丽', 'U+202E'],
    ['王\u0000丽', 'U+0000'],
  ])(
    'refuses the name %j (Keycloak would refuse or it reads otherwise), naming name',
    async (name, shown) => {
      const created = await api<{ errors?: Array<{ field: string; reason: string }> }>(
        harness,
        district,
        'POST',
        '/people',
        {
          kind: 'staff',
          name,
          orgId: ids.school,
          staffNo: harness.staffNo(`n${shown.length}`),
        },
      );
      expect(created.status).toBe(400);
      expect(created.body.errors?.map((error) => error.field)).toContain('name');
      const renamed = await api(harness, district, 'PATCH', `/people/${ids.person}`, { name });
      expect(renamed.status).toBe(400);
    },
  );

  it('keeps department names of one school apart: a second 信息中心 and a rename onto it are 409 naming name', async () => {
    const department = (name: string) =>
      api<{ id: string; errors?: Array<{ field: string }> }>(harness, district, 'POST', '/orgs', {
        kind: 'department',
        parentId: ids.school,
        name,
      });
    expect((await department('信息中心')).status).toBe(201);
    const twice = await department('信息中心');
    expect(twice.status).toBe(409);
    expect(twice.body.errors?.map((error) => error.field)).toEqual(['name']);
    const office = await department('教务处');
    expect(office.status).toBe(201);
    const renamed = await api<{ errors?: Array<{ field: string }> }>(
      harness,
      district,
      'PATCH',
      `/orgs/${office.body.id}`,
      {
        name: '信息中心',
      },
    );
    expect(renamed.status).toBe(409);
    expect(renamed.body.errors?.map((error) => error.field)).toEqual(['name']);
  });
});
