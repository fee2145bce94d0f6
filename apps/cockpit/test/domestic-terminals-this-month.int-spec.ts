import type { IndicatorValue } from '@edubase/cockpit-api';
import { shanghaiMonthStart } from '../src/projections/time-buckets';
import { event } from './cockpit-test-kit';
import { ProjectedCockpit, startProjections } from './projected-cockpit';

const SCHOOL_A = '3109800001';
const SCHOOL_B = '3109800002';
const KEY = 'devices.domestic-registered-this-month';

describe('indicator 本月新增信创终端 (domestic terminals registered this Shanghai month)', () => {
  let cockpit: ProjectedCockpit;
  const now = new Date();
  const monthStart = shanghaiMonthStart(now);
  const terminal = (terminalId: string, schoolCode: string, isDomestic: boolean, occurredAt: Date) =>
    event(
      'netaccess.terminal.registered.v1',
      { terminalId, macAddress: 'aa-bb-cc-00-00-09', type: 'pc', isDomestic, ownerPersonId: null },
      { schoolCode, occurredAt },
    );
  const valueOf = (indicators: IndicatorValue[]) => indicators.find((indicator) => indicator.key === KEY);

  beforeAll(async () => {
    cockpit = await startProjections('cockpit_ind');
    await cockpit.project([
      terminal('this-month-a', SCHOOL_A, true, monthStart),
      terminal('this-month-a-2', SCHOOL_A, true, now),
      terminal('not-domestic-a', SCHOOL_A, false, now),
      terminal('last-month-a', SCHOOL_A, true, new Date(monthStart.getTime() - 1)),
      terminal('this-month-b', SCHOOL_B, true, now),
    ]);
  });

  afterAll(async () => {
    await cockpit?.close();
  });

  it('counts domestic terminals registered since the first of the month, per school and district', async () => {
    const school = await cockpit.indicators.overview(SCHOOL_A, now);
    expect(valueOf(school.indicators)).toEqual({
      key: KEY,
      label: '本月新增信创终端',
      unit: '台',
      format: 'count',
      value: 2,
    });
    expect(school.devices.domesticTerminals).toBe(3);
    const district = await cockpit.indicators.overview('district', now);
    expect(valueOf(district.indicators)?.value).toBe(3);
  });
});
