import type { IndicatorValue } from '@edubase/cockpit-api';
import type { MinorCategory, PayloadOf } from '@edubase/contracts';
import { event } from './cockpit-test-kit';
import { ProjectedCockpit, startProjections } from './projected-cockpit';

const SCHOOL_A = '3109800011';
const SCHOOL_B = '3109800012';

describe('indicators 未成年人账号 and 其中不满十四周岁 (minors per school)', () => {
  let cockpit: ProjectedCockpit;
  const now = new Date();
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const person = (
    personId: string,
    schoolCode: string,
    minor: MinorCategory | null | undefined,
  ): PayloadOf<'identity.person.created.v1'> => ({
    personId,
    kind: 'student',
    staffNo: null,
    studentNo: `G${personId}`,
    name: '学生',
    schoolCode,
    orgId: null,
    status: 'active',
    ...(minor === undefined ? {} : { minor }),
  });
  const created = (data: PayloadOf<'identity.person.created.v1'>, occurredAt: Date) =>
    event('identity.person.created.v1', data, { schoolCode: data.schoolCode, occurredAt });
  const values = (indicators: IndicatorValue[]) =>
    Object.fromEntries(
      indicators.filter((item) => item.key.startsWith('people.minors')).map((item) => [item.key, item.value]),
    );

  beforeAll(async () => {
    cockpit = await startProjections('cockpit_minors');
    await cockpit.project([
      created(person('a-7', SCHOOL_A, 'under-14'), at(60)),
      created(person('a-13', SCHOOL_A, 'under-14'), at(60)),
      created(person('a-16', SCHOOL_A, 'under-18'), at(60)),
      created(person('a-19', SCHOOL_A, null), at(60)),
      // Written before identity carried the band: not counted until an update says.
      created(person('a-old', SCHOOL_A, undefined), at(60)),
      created(person('b-17', SCHOOL_B, 'under-18'), at(60)),
      created(person('b-15-departed', SCHOOL_B, 'under-18'), at(60)),
      event(
        'identity.person.deactivated.v1',
        {
          personId: 'b-15-departed',
          staffNo: null,
          schoolCode: SCHOOL_B,
          status: 'departed',
          reason: '转学',
          effectiveDate: '2026-09-01',
          cause: 'departure',
        },
        { schoolCode: SCHOOL_B, occurredAt: at(30) },
      ),
    ]);
  });

  afterAll(async () => {
    await cockpit?.close();
  });

  it('counts active minors and the under-14s among them, per school and district-wide', async () => {
    expect(values((await cockpit.indicators.overview(SCHOOL_A, now)).indicators)).toEqual({
      'people.minors': 3,
      'people.minors-under-fourteen': 2,
    });
    expect(values((await cockpit.indicators.overview(SCHOOL_B, now)).indicators)).toEqual({
      'people.minors': 1,
      'people.minors-under-fourteen': 0,
    });
    expect(values((await cockpit.indicators.overview('district', now)).indicators)).toEqual({
      'people.minors': 4,
      'people.minors-under-fourteen': 2,
    });
  });

  it('follows the updates identity announces as birthdays pass; an older replayed event changes nothing', async () => {
    const updated = (data: PayloadOf<'identity.person.updated.v1'>, occurredAt: Date) =>
      event('identity.person.updated.v1', data, { schoolCode: data.schoolCode, occurredAt });
    await cockpit.project([
      updated(person('a-13', SCHOOL_A, 'under-18'), at(10)), // turned 14
      updated(person('a-16', SCHOOL_A, null), at(10)), // turned 18
      updated(person('a-old', SCHOOL_A, 'under-14'), at(10)),
      updated(person('a-19', SCHOOL_A, 'under-18'), at(90)), // older than its created event
    ]);
    expect(values((await cockpit.indicators.overview(SCHOOL_A, now)).indicators)).toEqual({
      'people.minors': 3,
      'people.minors-under-fourteen': 2,
    });
    expect(
      await cockpit.dataSource.query(
        "SELECT person_id AS id, minor FROM person_state WHERE school_code = ? AND person_id IN ('a-13', 'a-16', 'a-19') ORDER BY person_id",
        [SCHOOL_A],
      ),
    ).toEqual([
      { id: 'a-13', minor: 'under-18' },
      { id: 'a-16', minor: null },
      { id: 'a-19', minor: null },
    ]);
  });
});
