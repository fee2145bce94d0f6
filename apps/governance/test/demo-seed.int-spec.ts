import type { DatasetView, ReviewView } from '../src/catalog/catalog.dto';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import { demoRegister } from '../src/seed/demo-register';
import { call, governanceCallers, GovernanceCallers } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(120_000);

describe('governance demo seed (npm start)', () => {
  let harness: Harness;
  let callers: GovernanceCallers;

  beforeAll(async () => {
    harness = await startGovernance('seed', { GOVERNANCE_SEED_DEMO: 'true' });
    callers = await governanceCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('loads the district register with one overdue and one due-soon system, and a catalog waiting for review', async () => {
    const systems = await call<{ items: SystemView[] }>(
      harness.baseUrl,
      callers.officer,
      'GET',
      '/information-systems?pageSize=50',
    );
    const demo = systems.body.items.filter((item) => demoRegister.some((entry) => entry.name === item.name));
    expect(demo).toHaveLength(demoRegister.length);
    expect(demo.filter((item) => item.due.status === 'overdue').map((item) => item.name)).toEqual([
      '奉贤区智慧教育云平台(含云课堂)',
    ]);
    expect(demo.filter((item) => item.due.status === 'due-soon').map((item) => item.name)).toEqual([
      '奉贤区教育数据中心',
    ]);
    const datasets = await call<{ items: DatasetView[] }>(
      harness.baseUrl,
      callers.officer,
      'GET',
      '/datasets?pageSize=200',
    );
    const byName = Object.fromEntries(datasets.body.items.map((item) => [item.name, item]));
    expect([byName.xs_zh?.grade, byName.xq_fxbb?.grade]).toEqual(['important', 'important']);
    const pending = await call<{ items: ReviewView[] }>(
      harness.baseUrl,
      callers.officer,
      'GET',
      '/classification-reviews',
    );
    expect(pending.body.items.map((review) => review.detectedLabel).sort()).toEqual([
      'bank_card',
      'email',
      'mobile',
      'mobile',
      'student_no',
    ]);
  });
});
