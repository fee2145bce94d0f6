import { DemoSeedService } from '../src/seed/demo-seed.service';
import { demoSchools, demoStaff } from '../src/seed/demo-district';
import { demoStudents } from '../src/seed/demo-students';
import { passwordGrantToken } from '@edubase/testing';
import { api, Harness, startIdentity } from './identity-harness';

jest.setTimeout(120_000);

describe('奉贤区 demo seed', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startIdentity('seed');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('loads the demo district once, and a second run creates nothing', async () => {
    const seed = harness.app.get(DemoSeedService);
    // Keycloak provisioning of the demo staff is what `npm start` does; here the shared realm is left alone.
    const first = await seed.seed({ provisionKeycloak: false });
    expect(first).toMatchObject({
      orgsCreated: 2 + 30 + 8 + 28,
      peopleCreated: demoStaff.length + demoStudents.length,
    });
    expect(first.rolesGranted).toBe(demoStaff.reduce((total, staff) => total + staff.roles.length, 0));
    expect(demoSchools.every((school) => /^31012000\d{2}$/.test(school.schoolCode))).toBe(true);

    const second = await seed.seed({ provisionKeycloak: false });
    expect(second).toEqual({
      orgsCreated: 0,
      peopleCreated: 0,
      rolesGranted: 0,
      keycloakSynced: 0,
      keycloakFailures: [],
    });

    const [{ count }] = (await harness.dataSource.query(
      "SELECT COUNT(*) AS count FROM outbox_event_written WHERE topic = 'identity.person.created.v1'",
    )) as { count: string }[];
    expect(Number(count)).toBe(demoStaff.length + demoStudents.length);

    // Students on both sides of 14 and of 18, the adults at the 中职.
    const bands = (await harness.dataSource.query(
      "SELECT school_code AS school, COALESCE(minor, 'adult') AS band, COUNT(*) AS n FROM person WHERE kind = 'student' GROUP BY school_code, band ORDER BY school_code, band",
    )) as { school: string; band: string; n: string }[];
    const of = (school: string, band: string) =>
      Number(bands.find((row) => row.school === school && row.band === band)?.n ?? 0);
    expect(of('3101200001', 'under-14')).toBe(6);
    expect(of('3101200007', 'under-14')).toBeGreaterThan(0);
    expect(of('3101200007', 'under-18')).toBeGreaterThan(0);
    expect(of('3101200029', 'adult')).toBeGreaterThanOrEqual(2);
  });

  it("maps the realm's demo users to their identity persons", async () => {
    const adminToken = await passwordGrantToken('admin.3101200001');
    const me = await api<{ staffNo: string; schoolCode: string; name: string; roles: { role: string }[] }>(
      harness,
      adminToken,
      'GET',
      '/people/me',
    );
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ staffNo: 'admin.3101200001', schoolCode: '3101200001', name: '顾文静' });
    expect(me.body.roles.map((grant) => grant.role)).toEqual(['school-admin']);

    const tree = await api<{ name: string; children: { kind: string }[] }[]>(
      harness,
      adminToken,
      'GET',
      '/orgs/tree',
    );
    expect(tree.body.map((node) => node.name)).toEqual(['上海市奉贤区实验小学']);
    expect(tree.body[0]!.children).toHaveLength(4);

    // A teacher's own record is whole (PIPL Art. 45), while a colleague's 核心 fields are left out for them.
    const teacherToken = await passwordGrantToken('teacher.3101200001');
    const own = await api<{ personalDataMasked: boolean; protectedFields: object }>(
      harness,
      teacherToken,
      'GET',
      '/people/me',
    );
    expect(own.body).toMatchObject({ personalDataMasked: false, protectedFields: {} });
    const colleague = await api<{ protectedFields: Record<string, string> }>(
      harness,
      teacherToken,
      'GET',
      '/people/by-staff-no/admin.3101200001',
    );
    expect(colleague.status).toBe(200);
    expect(colleague.body.protectedFields).toMatchObject({ mobile: 'masked' });
  });
});
