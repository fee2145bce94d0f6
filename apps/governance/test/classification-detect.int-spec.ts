import type { DetectionView } from '../src/classification/classification.dto';
import { call, governanceCallers, GovernanceCallers } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';
import { labelledValues } from './labelled-values';

jest.setTimeout(120_000);

describe('POST /classification/detect', () => {
  let harness: Harness;
  let callers: GovernanceCallers;

  beforeAll(async () => {
    harness = await startGovernance('detect');
    callers = await governanceCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('answers one label per value, the labelled set right, and the column suggestion', async () => {
    const set = labelledValues(20, 7);
    const answer = await call<DetectionView>(
      harness.baseUrl,
      callers.officer,
      'POST',
      '/classification/detect',
      {
        column: '联系电话',
        values: set.map((item) => item.value),
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.labels).toEqual(set.map((item) => item.label));
    expect(answer.body).toMatchObject({ column: '联系电话', columnHint: 'mobile' });

    const phones = await call<DetectionView>(
      harness.baseUrl,
      callers.schoolAdmin,
      'POST',
      '/classification/detect',
      {
        column: 'lxdh',
        values: ['13800138000', '+86 139-0000-0000', ''],
      },
    );
    expect(phones.body).toEqual({
      column: 'lxdh',
      labels: ['mobile', 'mobile', 'none'],
      suggested: 'mobile',
      confidence: 1,
      columnHint: 'mobile',
    });
  });

  it('names the field of bad input', async () => {
    const bad = await call<{ errors: { field: string }[] }>(
      harness.baseUrl,
      callers.officer,
      'POST',
      '/classification/detect',
      {
        column: 'sfzh',
        values: ['ok', 42],
      },
    );
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.errors.map((error) => error.field))).toEqual(new Set(['values']));
    const tooMany = await call(harness.baseUrl, callers.officer, 'POST', '/classification/detect', {
      column: 'sfzh',
      values: Array.from({ length: 10_001 }, () => '1'),
    });
    expect(tooMany.status).toBe(400);
  });
});
