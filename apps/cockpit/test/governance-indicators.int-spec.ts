import type { IndicatorValue } from '@edubase/cockpit-api';
import { event } from './cockpit-test-kit';
import { ProjectedCockpit, startProjections } from './projected-cockpit';

const SCHOOL_A = '3109800001';
const SCHOOL_B = '3109800002';

describe('数据治理 indicators (等保 register, classification progress, PI fields by grade, compliance findings, broken chains)', () => {
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
  const audit = (auditId: string, schoolCode: string | null, openFindings: number, at: string) =>
    event(
      'governance.minors-audit.changed.v1',
      { auditId, systemId: 's', schoolCode, year: 2026, status: 'completed', findings: 3, openFindings },
      { ...(schoolCode ? { schoolCode } : {}), occurredAt: new Date(at) },
    );
  const broken = (service: string, at: string) =>
    event(
      'governance.audit.chain-broken.v1',
      { service, seq: 7, entryId: '7', problem: 'changed', detail: 'entry 7 was changed', verifiedAt: at },
      { occurredAt: new Date(at) },
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
      audit('audit-a', SCHOOL_A, 3, '2027-01-20T00:00:00Z'),
      // the later state wins: two of school A's three findings rectified
      audit('audit-a', SCHOOL_A, 1, '2027-02-20T00:00:00Z'),
      audit('audit-b', SCHOOL_B, 2, '2027-01-25T00:00:00Z'),
      audit('audit-cloud', null, 4, '2027-01-25T00:00:00Z'),
      broken('identity', '2027-02-20T00:00:00Z'),
      broken('network-access', '2027-01-01T00:00:00Z'),
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
      'governance.open-compliance-findings': 7,
      // network access's break is older than 30 days
      'governance.audit-chains-broken': 1,
    });
    expect(values((await cockpit.indicators.overview(SCHOOL_A, now)).indicators)).toEqual({
      'governance.systems-level-three-plus': 1,
      'governance.systems-assessment-overdue': 0,
      'governance.fields-classified-share': 0.4,
      'governance.pi-fields-important-core': 2,
      'governance.pi-fields-general': 1,
      'governance.open-compliance-findings': 1,
      'governance.audit-chains-broken': null,
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
