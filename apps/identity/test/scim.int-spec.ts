import { passwordGrantToken } from '@edubase/testing';
import { createDistrict, Harness, serviceToken, startIdentity } from './identity-harness';

jest.setTimeout(60_000);

const schoolA = '3101200001';
const schoolB = '3101200002';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const EDUBASE_USER = 'urn:edubase:params:scim:schemas:extension:identity:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface ScimAnswer {
  status: number;
  body: Record<string, unknown> & { Resources?: ScimUser[] };
  headers: Record<string, string | string[] | number | undefined>;
}
interface ScimUser {
  id: string;
  userName: string;
  active: boolean;
  name: { formatted: string; familyName: string; givenName: string };
  externalId?: string;
  meta: { version: string; location: string };
  [EDUBASE_USER]: { schoolCode: string; orgId: string; status: string };
}

describe('SCIM 2.0 /scim/v2 against real Keycloak, Kafka and MariaDB', () => {
  let harness: Harness;
  let writer: string;
  let reader: string;
  const orgs: Record<string, string> = {};

  async function scim(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: { token?: string | null; body?: object; headers?: Record<string, string> } = {},
  ): Promise<ScimAnswer> {
    const token = options.token === undefined ? writer : options.token;
    const response = await harness.app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body ? { 'content-type': 'application/scim+json' } : {}),
        ...options.headers,
      },
      ...(options.body ? { payload: JSON.stringify(options.body) } : {}),
    });
    return {
      status: response.statusCode,
      body: (response.body ? response.json() : {}) as ScimAnswer['body'],
      headers: response.headers,
    };
  }

  const newUser = (suffix: string, extra: object = {}) => ({
    schemas: [USER, EDUBASE_USER],
    userName: harness.staffNo(suffix),
    name: { familyName: '欧阳', givenName: '明远' },
    emails: [{ value: `${harness.staffNo(suffix)}@fx.example.cn`, type: 'work', primary: true }],
    phoneNumbers: [{ value: '+86 139-0000-1111', type: 'mobile' }],
    [EDUBASE_USER]: { schoolCode: schoolA },
    ...extra,
  });

  beforeAll(async () => {
    harness = await startIdentity('scim');
    const district = await passwordGrantToken('district.admin');
    writer = await serviceToken(['identity:read', 'identity:write']);
    reader = await serviceToken(['identity:read']);
    const { schoolIds } = await createDistrict(harness, district, '奉贤区教育局', [
      { schoolCode: schoolA, name: '奉贤区实验小学', stage: 'primary' },
      { schoolCode: schoolB, name: '奉贤中学', stage: 'primary' },
    ]);
    orgs.schoolA = schoolIds[schoolA]!;
    orgs.schoolB = schoolIds[schoolB]!;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('publishes discovery documents and answers errors in the SCIM error format', async () => {
    const config = await scim('GET', '/scim/v2/ServiceProviderConfig', { token: null });
    expect(config.status).toBe(200);
    expect(config.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      etag: { supported: true },
      filter: { supported: true },
    });
    const types = await scim('GET', '/scim/v2/ResourceTypes', { token: null });
    expect((types.body.Resources as unknown as { id: string }[]).map((type) => type.id)).toEqual([
      'User',
      'Group',
    ]);
    const schemas = await scim('GET', '/scim/v2/Schemas', { token: null });
    expect((schemas.body.Resources as unknown as { id: string }[]).map((schema) => schema.id)).toContain(
      EDUBASE_USER,
    );

    const anonymous = await scim('GET', '/scim/v2/Users', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(anonymous.body).toMatchObject({ schemas: [ERROR], status: '401' });
    const readOnly = await scim('POST', '/scim/v2/Users', { token: reader, body: newUser('ro') });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body).toMatchObject({ schemas: [ERROR], status: '403' });
    const missing = await scim('GET', '/scim/v2/Users/00000000-0000-4000-8000-000000000000');
    expect(missing.body).toMatchObject({ schemas: [ERROR], status: '404' });
    const badFilter = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName co "it"')}`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
    const badMobile = await scim('POST', '/scim/v2/Users', {
      body: newUser('bad', { phoneNumbers: [{ value: '12345', type: 'mobile' }] }),
    });
    expect(badMobile.status).toBe(400);
    expect(badMobile.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(String(badMobile.body.detail)).toMatch(/mobile/);
  });

  it('creates Users (Keycloak account provisioned), finds them by userName / externalId, pages the list', async () => {
    const created: ScimUser[] = [];
    for (const suffix of ['s1', 's2', 's3']) {
      const answer = await scim('POST', '/scim/v2/Users', {
        body: newUser(suffix, { externalId: `hr-${harness.run}-${suffix}` }),
      });
      expect(answer.status).toBe(201);
      const user = answer.body as unknown as ScimUser;
      expect(answer.headers.location).toBe(`/scim/v2/Users/${user.id}`);
      expect(answer.headers.etag).toBe(user.meta.version);
      expect(user).toMatchObject({
        userName: harness.staffNo(suffix),
        active: true,
        name: { formatted: '欧阳明远', familyName: '欧阳', givenName: '明远' },
        phoneNumbers: [{ value: '13900001111' }],
        [EDUBASE_USER]: { schoolCode: schoolA, orgId: orgs.schoolA, status: 'active' },
      });
      created.push(user);
    }
    const account = await harness.keycloak.findUserByUsername(harness.staffNo('s1'));
    expect(account).toMatchObject({ enabled: true, lastName: '欧阳', firstName: '明远' });

    const duplicate = await scim('POST', '/scim/v2/Users', { body: newUser('s1') });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });

    const byUserName = await scim(
      'GET',
      `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${harness.staffNo('s2')}"`)}`,
      { token: reader },
    );
    expect(byUserName.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(byUserName.body.Resources![0]!.id).toBe(created[1]!.id);
    // A read-only system gets the 工号, name and e-mail it provisions accounts with; the mobile (重要) is
    // left out rather than masked, since a provisioning client would store a masked number as real.
    expect(byUserName.body.Resources![0]).toMatchObject({
      userName: harness.staffNo('s2'),
      name: { formatted: '欧阳明远' },
      emails: [{ value: `${harness.staffNo('s2')}@fx.example.cn` }],
      phoneNumbers: [],
    });
    const readOne = await scim('GET', `/scim/v2/Users/${created[1]!.id}`, { token: reader });
    expect(readOne.body).toMatchObject({ id: created[1]!.id, phoneNumbers: [] });
    const writerReads = await scim('GET', `/scim/v2/Users/${created[1]!.id}`);
    expect(writerReads.body).toMatchObject({ phoneNumbers: [{ value: '13900001111' }] });
    const byExternalId = await scim(
      'GET',
      `/scim/v2/Users?filter=${encodeURIComponent(`externalId eq "hr-${harness.run}-s3"`)}`,
    );
    expect(byExternalId.body.Resources!.map((user) => user.id)).toEqual([created[2]!.id]);

    const all = await scim('GET', '/scim/v2/Users?count=200');
    const ids = all.body.Resources!.map((user) => user.id);
    const page = await scim('GET', '/scim/v2/Users?startIndex=2&count=1');
    expect(page.body).toMatchObject({ totalResults: ids.length, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources!.map((user) => user.id)).toEqual([ids[1]]);
  });

  it('PATCH honours If-Match (412 when stale); active=false suspends: Keycloak disabled, deactivation event published', async () => {
    const userName = harness.staffNo('p1');
    const created = (await scim('POST', '/scim/v2/Users', { body: newUser('p1') }))
      .body as unknown as ScimUser;
    const renamed = await scim('PATCH', `/scim/v2/Users/${created.id}`, {
      headers: { 'if-match': created.meta.version },
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'name.givenName', value: '明德' }] },
    });
    expect(renamed.status).toBe(200);
    expect((renamed.body as unknown as ScimUser).name.formatted).toBe('欧阳明德');
    expect(renamed.headers.etag).not.toBe(created.meta.version);

    const stale = await scim('PATCH', `/scim/v2/Users/${created.id}`, {
      headers: { 'if-match': created.meta.version },
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ schemas: [ERROR], status: '412' });
    expect((await harness.keycloak.findUserByUsername(userName))!.enabled).toBe(true);

    const current = await scim('GET', `/scim/v2/Users/${created.id}`);
    const deactivated = await scim('PATCH', `/scim/v2/Users/${created.id}`, {
      headers: { 'if-match': String(current.headers.etag) },
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', value: { active: 'False' } }] },
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ active: false, [EDUBASE_USER]: { status: 'suspended' } });
    expect((await harness.keycloak.findUserByUsername(userName))!.enabled).toBe(false);

    const suspension = await harness.awaitEvent(
      'identity.person.deactivated.v1',
      (event) => event.data.personId === created.id,
    );
    expect(suspension).toMatchObject({ data: { personId: created.id, status: 'suspended' } });

    const reactivated = await scim('PATCH', `/scim/v2/Users/${created.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] },
    });
    expect(reactivated.body).toMatchObject({ active: true });
    expect((await harness.keycloak.findUserByUsername(userName))!.enabled).toBe(true);
    const badPath = await scim('PATCH', `/scim/v2/Users/${created.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'userName', value: 'other' }] },
    });
    expect(badPath.body).toMatchObject({ status: '400', scimType: 'mutability' });
  });

  it('PUT replaces (move to another school); DELETE departs without deleting; Groups list schools and take members', async () => {
    const created = (await scim('POST', '/scim/v2/Users', { body: newUser('d1') }))
      .body as unknown as ScimUser;
    const replaced = await scim('PUT', `/scim/v2/Users/${created.id}`, {
      headers: { 'if-match': created.meta.version },
      body: newUser('d1', { name: { formatted: '司马光' }, [EDUBASE_USER]: { schoolCode: schoolB } }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      name: { formatted: '司马光', familyName: '司马' },
      [EDUBASE_USER]: { schoolCode: schoolB },
    });
    const account = await harness.keycloak.findUserByUsername(harness.staffNo('d1'));
    expect(account).toMatchObject({
      lastName: '司马',
      firstName: '光',
      attributes: { schoolCode: [schoolB] },
    });

    const groups = await scim(
      'GET',
      `/scim/v2/Groups?filter=${encodeURIComponent(`externalId eq "${schoolA}"`)}`,
      { token: reader },
    );
    expect(groups.body).toMatchObject({ totalResults: 1 });
    const group = groups.body.Resources![0] as unknown as { id: string; displayName: string };
    expect(group).toMatchObject({ id: orgs.schoolA, displayName: '奉贤区实验小学' });
    const joined = await scim('PATCH', `/scim/v2/Groups/${group.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: created.id }] }],
      },
    });
    expect(joined.status).toBe(200);
    expect((joined.body.members as { value: string }[]).map((m) => m.value)).toContain(created.id);
    const leave = await scim('PATCH', `/scim/v2/Groups/${group.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${created.id}"]` }],
      },
    });
    expect(leave.body).toMatchObject({ status: '400', scimType: 'mutability' });

    const deleted = await scim('DELETE', `/scim/v2/Users/${created.id}`);
    expect(deleted.status).toBe(204);
    const after = await scim('GET', `/scim/v2/Users/${created.id}`);
    expect(after.body).toMatchObject({ active: false, [EDUBASE_USER]: { status: 'departed' } });
    expect((await harness.keycloak.findUserByUsername(harness.staffNo('d1')))!.enabled).toBe(false);
    const [row] = (await harness.dataSource.query('SELECT status, departure_kind FROM person WHERE id = ?', [
      created.id,
    ])) as {
      status: string;
      departure_kind: string;
    }[];
    expect(row).toEqual({ status: 'departed', departure_kind: 'resigned' });
  });
});
