import type { IndicatorValue } from '@edubase/cockpit-api';
import { event } from './cockpit-test-kit';
import { ProjectedCockpit, startProjections } from './projected-cockpit';

const SCHOOL_A = '3109800001';
const SCHOOL_B = '3109800002';

describe('数据治理 indicators (等保 register, classification progress, PI fields by grade)', () => {
  let cockpit: ProjectedCockpit;
  const now = new Date('2027-03-01T04:00:00Z');
  const system = (systemId: string, schoolCode: string | null, level: number | null, due: string | null) =>
    event(
      'governance.system.registered.v1',
      { systemId, schoolCode, name: systemId, protectionLevel: level, nextAssessmentDue: due },
      { ...(schoolCode ? { schoolCode } : {}), occurredAt: new Date('2026-01-01T00:00:00Z') },
    );
  const dataset = (
    datasetId: string,
    schoolCode: string | null,
    fields: number,
    classified: number,
    pi: [number, number, number],
  ) =>
    event(
      'governance.dataset.classified.v1',
      {
        datasetId,
        systemId: 's',
        schoolCode,
        grade: 'important',
        fields,
        classifiedFields: classified,
        piFieldsByGrade: { general: pi[0], important: pi[1], core: pi[2] },
        minorPiFields: 0,
      },
      { ...(schoolCode ? { schoolCode } : {}), occurredAt: new Date('2026-02-01T00:00:00Z') },
    );
  const values = (indicators: IndicatorValue[]) =>
    Object.fromEntries(
      indicators.filter((i) => i.key.startsWith('governance.')).map((i) => [i.key, i.value]),
    );

  beforeAll(async () => {
    cockpit = await startProjections('cockpit_gov');
    await cockpit.project([
      system('cloud', null, 3, '2027-02-28'),
      system('man', null, 4, '2027-03-01'),
      system('card-a', SCHOOL_A, 2, null),
      system('eval-a', SCHOOL_A, 3, '2026-12-31'),
      system('site-b', SCHOOL_B, 1, null),
      event(
        'governance.system.assessed.v1',
        {
          systemId: 'eval-a',
          schoolCode: SCHOOL_A,
          assessmentId: 'x',
          assessedOn: '2027-01-10',
          result: 'good',
          openRectifications: 0,
          nextAssessmentDue: '2028-01-10',
        },
        { schoolCode: SCHOOL_A, occurredAt: new Date('2027-01-10T02:00:00Z') },
      ),
      dataset('roster-a', SCHOOL_A, 10, 4, [1, 2, 0]),
      dataset('platform', null, 30, 6, [3, 1, 1]),
    ]);
  });

  afterAll(async () => {
    await cockpit?.close();
  });

  it('counts level 3+ and overdue systems on the day read, and the share of fields classified, per school and district', async () => {
    expect(values((await cockpit.indicators.overview('district', now)).indicators)).toEqual({
      'governance.systems-level-three-plus': 3,
      'governance.systems-assessment-overdue': 1,
      'governance.fields-classified-share': 10 / 40,
      'governance.pi-fields-important-core': 4,
      'governance.pi-fields-general': 4,
    });
    expect(values((await cockpit.indicators.overview(SCHOOL_A, now)).indicators)).toEqual({
      'governance.systems-level-three-plus': 1,
      'governance.systems-assessment-overdue': 0,
      'governance.fields-classified-share': 0.4,
      'governance.pi-fields-important-core': 2,
      'governance.pi-fields-general': 1,
    });
    expect(
      values((await cockpit.indicators.overview(SCHOOL_B, now)).indicators)[
        'governance.fields-classified-share'
      ],
    ).toBeNull();
  });

  it('flags overdue 等保测评 for the dashboard to show in red, only where a system is overdue', async () => {
    const alertOf = (indicators: IndicatorValue[]) =>
      Object.fromEntries(
        indicators.filter((i) => i.key.startsWith('governance.systems')).map((i) => [i.key, i.alert]),
      );
    expect(alertOf((await cockpit.indicators.overview('district', now)).indicators)).toEqual({
      'governance.systems-level-three-plus': undefined,
      'governance.systems-assessment-overdue': true,
    });
    expect(
      alertOf((await cockpit.indicators.overview(SCHOOL_A, now)).indicators)[
        'governance.systems-assessment-overdue'
      ],
    ).toBe(false);
  });
});
