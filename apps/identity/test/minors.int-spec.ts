import { passwordGrantToken } from '@edubase/testing';
import { idCardCheckCharacter } from '../src/people/id-card';
import { MinorAgesService } from '../src/people/minor-ages.service';
import { Clock } from '../src/shared/clock';
import { api, createDistrict, Harness, startIdentity } from './identity-harness';

jest.setTimeout(90_000);

// A 特殊教育学校 teaches from 6 to 20: minors of both bands and adults in one school, read by its own staff.
const school = '3101200001';
const idCard = (first17: string): string => first17 + idCardCheckCharacter(first17);

interface PersonBody {
  id: string;
  minor: string | null;
  birthDate?: string;
  studentNo?: string;
  mobile?: string;
  idCardNo?: string;
  protectedFields: Record<string, string>;
}

/**
 * 未成年人: the age band from the birth date (or the 身份证号), recomputed as birthdays pass on a controlled
 * clock, carried by the person events and the API, and deciding how students' personal data is masked.
 */
describe('minors (未成年人) in identity', () => {
  let harness: Harness;
  let clock: Clock;
  const tokens: Record<string, string> = {};
  const people: Record<string, PersonBody> = {};
  let orgId: string;

  const setToday = (isoDate: string) => {
    clock.now = () => new Date(`${isoDate}T04:00:00Z`);
  };

  beforeAll(async () => {
    harness = await startIdentity('minors', { MINOR_AGES_INTERVAL_MINUTES: '0' });
    clock = harness.app.get(Clock);
    setToday('2026-09-01');
    const logins = {
      district: 'district.admin',
      schoolAdmin: `admin.${school}`,
      teacher: `teacher.${school}`,
      officer: 'security.officer',
    };
    for (const [key, username] of Object.entries(logins)) tokens[key] = await passwordGrantToken(username);
    const district = await createDistrict(harness, tokens.district!, '上海市奉贤区教育局', [
      { schoolCode: school, name: '上海市奉贤区启贤学校', stage: 'special' },
    ]);
    orgId = district.schoolIds[school]!;

    const students = {
      // 13 on 2026-09-01, 14 on 2026-09-03
      under14: { studentNo: 'G20120903001', birthDate: '2012-09-03', mobile: '13900000001' },
      // 16, the birth date read from the 身份证号
      age16: { studentNo: 'G20100501002', idCardNo: idCard('31012020100501002'), mobile: '13900000002' },
      // 17 on 2026-09-01, 18 on 2026-09-02
      age17: { studentNo: 'G20080902003', birthDate: '2008-09-02' },
      // 19: an adult student
      adult: {
        studentNo: 'G20070401004',
        birthDate: '2007-04-01',
        idCardNo: idCard('31012020070401004'),
        mobile: '13900000004',
      },
    };
    for (const [key, fields] of Object.entries(students)) {
      const created = await api<PersonBody>(harness, tokens.district!, 'POST', '/people', {
        kind: 'student',
        name: '陈小雨',
        orgId,
        ...fields,
      });
      expect(created.status).toBe(201);
      people[key] = created.body;
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('marks each person from the birth date, or the 身份证号 when that is all there is', () => {
    expect(people.under14).toMatchObject({ minor: 'under-14', birthDate: '2012-09-03' });
    expect(people.age16).toMatchObject({ minor: 'under-18', birthDate: '2010-05-01' });
    expect(people.age17).toMatchObject({ minor: 'under-18' });
    expect(people.adult).toMatchObject({ minor: null });
  });

  it('refuses a birth date in the future or that does not exist, naming birthDate', async () => {
    const attempts = [
      { studentNo: 'G20270101005', birthDate: '2026-09-02' },
      { studentNo: 'G20130230006', birthDate: '2013-02-30' },
    ];
    for (const fields of attempts) {
      const refused = await api<{ errors: { field: string }[] }>(
        harness,
        tokens.district!,
        'POST',
        '/people',
        {
          kind: 'student',
          name: '陈小雨',
          orgId,
          ...fields,
        },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((error) => error.field)).toContain('birthDate');
    }
    const patched = await api<{ errors: { field: string }[] }>(
      harness,
      tokens.district!,
      'PATCH',
      `/people/${people.adult!.id}`,
      { birthDate: '2030-01-01' },
    );
    expect(patched.status).toBe(400);
    expect(patched.body.errors.map((error) => error.field)).toEqual(['birthDate']);
  });

  it('masks by the minor rule: a minor’s contact and birth data one grade up, an adult student’s as anyone’s', async () => {
    const read = async (reader: string, person: string) =>
      (await api<PersonBody>(harness, tokens[reader]!, 'GET', `/people/${people[person]!.id}`)).body;
    // Administrators (核心) see every student whole, minor or not: they keep the records.
    for (const reader of ['district', 'schoolAdmin'])
      for (const person of ['under14', 'age16', 'adult'])
        expect((await read(reader, person)).protectedFields).toEqual({});

    // A teacher (一般): a minor's 学籍号 masked, mobile and birth date gone; an adult's masked only.
    const teacherSees = {
      under14: await read('teacher', 'under14'),
      age16: await read('teacher', 'age16'),
      adult: await read('teacher', 'adult'),
    };
    const minorForTeacher = {
      studentNo: 'masked',
      mobile: 'removed',
      birthDate: 'removed',
      idCardNo: 'removed',
    };
    expect(teacherSees.under14.protectedFields).toEqual(minorForTeacher);
    expect(teacherSees.age16.protectedFields).toEqual(minorForTeacher);
    expect(teacherSees.under14).toMatchObject({ minor: 'under-14', studentNo: 'G201****3001' });
    expect(teacherSees.under14.mobile).toBeUndefined();
    expect(teacherSees.adult.protectedFields).toEqual({
      mobile: 'masked',
      birthDate: 'masked',
      idCardNo: 'removed',
    });
    expect(teacherSees.adult).toMatchObject({
      minor: null,
      studentNo: 'G20070401004',
      mobile: '139****0004',
      birthDate: '****-**-**',
    });

    // The security officer (重要): a minor's mobile and birth date masked, an adult's shown; the 身份证号
    // (核心 for everyone) masked for both.
    expect((await read('officer', 'age16')).protectedFields).toEqual({
      mobile: 'masked',
      birthDate: 'masked',
      idCardNo: 'masked',
    });
    expect((await read('officer', 'adult')).protectedFields).toEqual({ idCardNo: 'masked' });
  });

  it('puts a read of a minor’s personal data in clear on the audit chain, not a masked one or an adult’s', async () => {
    const reads = async () =>
      (await harness.dataSource.query(
        "SELECT actor_name AS actorName, subject_id AS subjectId, detail FROM audit_chain_entry WHERE action = 'person.read' ORDER BY id",
      )) as {
        actorName: string;
        subjectId: string | null;
        detail: string | { fields: string[]; minors: number };
      }[];
    const before = (await reads()).length;
    const get = (reader: string, person: string) =>
      api<PersonBody>(harness, tokens[reader]!, 'GET', `/people/${people[person]!.id}`);

    // A teacher's answer is masked (nothing in clear), an adult's record is not a minor's.
    await get('teacher', 'under14');
    await get('schoolAdmin', 'adult');
    expect((await reads()).length).toBe(before);

    // The school's administrator reads the under-14 whole: one entry naming the person and the fields.
    await get('schoolAdmin', 'under14');
    const after = await reads();
    expect(after.length).toBe(before + 1);
    const entry = after.at(-1)!;
    const detail = (typeof entry.detail === 'string' ? JSON.parse(entry.detail) : entry.detail) as {
      fields: string[];
      minors: number;
    };
    expect(entry.subjectId).toBe(people.under14!.id);
    expect(detail).toMatchObject({ minors: 1, fields: ['birthDate', 'mobile', 'studentNo'] });

    // A page of people counts each minor shown in clear once, in one entry.
    await api(harness, tokens.schoolAdmin!, 'GET', `/people?schoolCode=${school}&kind=student&pageSize=50`);
    const listed = (await reads()).at(-1)!;
    const listedDetail = (typeof listed.detail === 'string' ? JSON.parse(listed.detail) : listed.detail) as {
      minors: number;
    };
    expect(listed.subjectId).toBeNull();
    expect(listedDetail.minors).toBe(3);
  });

  it('carries the band in the person events', async () => {
    const created = await harness.awaitEvent(
      'identity.person.created.v1',
      (envelope) => envelope.data.personId === people.under14!.id,
    );
    expect(created.data).toMatchObject({ kind: 'student', minor: 'under-14', schoolCode: school });
    // The band, never the birth date: that stays in identity.
    expect(created.data).not.toHaveProperty('birthDate');
  });

  it('moves the band on as birthdays pass on the clock, announcing each change once', async () => {
    const service = harness.app.get(MinorAgesService);
    expect((await service.recompute()).changed).toEqual([]);

    setToday('2026-09-03');
    const report = await service.recompute();
    expect(report.today).toBe('2026-09-03');
    expect(report.changed).toEqual(
      expect.arrayContaining([
        { personId: people.under14!.id, from: 'under-14', to: 'under-18' },
        { personId: people.age17!.id, from: 'under-18', to: null },
      ]),
    );
    expect(report.changed).toHaveLength(2);
    expect((await service.recompute()).changed).toEqual([]);

    const turned14 = await harness.awaitEvent(
      'identity.person.updated.v1',
      (envelope) => envelope.data.personId === people.under14!.id,
    );
    expect(turned14.data.minor).toBe('under-18');
    const turned18 = await harness.awaitEvent(
      'identity.person.updated.v1',
      (envelope) => envelope.data.personId === people.age17!.id,
    );
    expect(turned18.data.minor).toBeNull();

    const adultNow = await api<PersonBody>(harness, tokens.teacher!, 'GET', `/people/${people.age17!.id}`);
    expect(adultNow.body).toMatchObject({ minor: null, studentNo: 'G20080902003' });
    expect(adultNow.body.protectedFields).toEqual({ birthDate: 'masked', idCardNo: 'removed' });
  });
});
