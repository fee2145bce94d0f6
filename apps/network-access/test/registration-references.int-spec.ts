import { passwordGrantToken } from '@edubase/testing';
import { api, announceSchools, announceStaff, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(90_000);

type Problem = { status: number; errors: Array<{ field: string; reason: string }> };

const SCHOOL = '3101200001';
const OTHER_SCHOOL = '3101200002';
const NO_SCHOOL = '9999999999';

/**
 * A NAS or terminal names a school and an owner that must exist in identity: network access checks them
 * against its projection of identity's schools and people, and refuses the whole request naming the field.
 */
describe('NAS and terminal registrations name a known school and owner', () => {
  let harness: Harness;
  let district: string;

  beforeAll(async () => {
    harness = await startNetworkAccess('references');
    district = await passwordGrantToken('district.admin');
    await announceStaff(harness, [
      { personId: 'ref-owner', staffNo: 'T-REF-1', schoolCode: SCHOOL, roles: [] },
      { personId: 'ref-left', staffNo: 'T-REF-2', schoolCode: SCHOOL, status: 'departed', roles: [] },
      { personId: 'ref-elsewhere', staffNo: 'T-REF-3', schoolCode: OTHER_SCHOOL, roles: [] },
    ]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const nas = (schoolCode: string, ip: string) => ({
    schoolCode,
    name: '核心交换机',
    ip,
    sharedSecret: 'references-shared-secret',
    vendor: 'huawei',
  });
  const terminal = (mac: string, schoolCode = SCHOOL, ownerPersonId?: string) => ({
    macAddress: mac,
    schoolCode,
    type: 'pc',
    ...(ownerPersonId ? { ownerPersonId } : {}),
  });
  const fieldsOf = (body: Problem) => body.errors.map((error) => error.field);
  const stored = async () => ({
    nas: (await api<unknown[]>(harness, district, 'GET', '/nas')).body.length,
    terminals: (await api<unknown[]>(harness, district, 'GET', '/terminals')).body.length,
  });

  it('refuses a NAS or a terminal for a school that does not exist with a 400 naming schoolCode', async () => {
    const refusedNas = await api<Problem>(harness, district, 'POST', '/nas', nas(NO_SCHOOL, '10.99.0.1'));
    expect(refusedNas.status).toBe(400);
    expect(refusedNas.contentType).toContain('application/problem+json');
    expect(fieldsOf(refusedNas.body)).toEqual(['schoolCode']);
    const refusedTerminal = await api<Problem>(
      harness,
      district,
      'POST',
      '/terminals',
      terminal('AA:BB:CC:00:00:01', NO_SCHOOL),
    );
    expect(refusedTerminal.status).toBe(400);
    expect(fieldsOf(refusedTerminal.body)).toEqual(['schoolCode']);
    expect(await stored()).toEqual({ nas: 0, terminals: 0 });
  });

  it('refuses an owner who is unknown, has left or belongs to another school, naming ownerPersonId', async () => {
    for (const owner of ['nobody-known', 'ref-left', 'ref-elsewhere']) {
      const refused = await api<Problem>(
        harness,
        district,
        'POST',
        '/terminals',
        terminal('AA:BB:CC:00:00:02', SCHOOL, owner),
      );
      expect({ owner, status: refused.status, fields: fieldsOf(refused.body) }).toEqual({
        owner,
        status: 400,
        fields: ['ownerPersonId'],
      });
    }
    expect(await stored()).toEqual({ nas: 0, terminals: 0 });
  });

  it('refuses an import row by row and writes none of its rows', async () => {
    const refused = await api<Problem>(harness, district, 'POST', '/terminals/import', {
      terminals: [
        terminal('AA:BB:CC:00:00:10', SCHOOL, 'ref-owner'),
        terminal('AA:BB:CC:00:00:11', SCHOOL, 'ref-left'),
        terminal('AA:BB:CC:00:00:12', NO_SCHOOL),
        terminal('AA:BB:CC:00:00:13', OTHER_SCHOOL, 'ref-owner'),
      ],
    });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual([
      'terminals[1].ownerPersonId',
      'terminals[2].schoolCode',
      'terminals[3].ownerPersonId',
    ]);
    expect(await stored()).toEqual({ nas: 0, terminals: 0 });
  });

  it('registers for a known school and owner, and checks an owner changed later', async () => {
    expect((await api(harness, district, 'POST', '/nas', nas(SCHOOL, '10.99.0.2'))).status).toBe(201);
    const created = await api<{ id: string }>(
      harness,
      district,
      'POST',
      '/terminals',
      terminal('AA:BB:CC:00:00:20', SCHOOL, 'ref-owner'),
    );
    expect(created.status).toBe(201);
    const moved = await api<Problem>(harness, district, 'PATCH', `/terminals/${created.body.id}`, {
      ownerPersonId: 'ref-elsewhere',
    });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved.body)).toEqual(['ownerPersonId']);
    expect(await stored()).toEqual({ nas: 1, terminals: 1 });
  });

  it('accepts a school created in identity once its event has arrived (refused until then)', async () => {
    const newSchool = '3101209999';
    const early = await api<Problem>(harness, district, 'POST', '/nas', nas(newSchool, '10.99.0.3'));
    expect(early.status).toBe(400);
    expect(early.body.errors[0]?.reason).toMatch(/retried shortly/);
    await announceSchools(harness, [newSchool]);
    expect((await api(harness, district, 'POST', '/nas', nas(newSchool, '10.99.0.3'))).status).toBe(201);
  });
});
