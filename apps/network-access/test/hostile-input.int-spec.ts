import { passwordGrantToken } from '@edubase/testing';
import { api, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

/** Input an attacker or a broken client sends: a clear 4xx naming what is wrong, never a 500. */
describe('network-access refuses hostile input with a 4xx', () => {
  let harness: Harness;
  let district: string;

  beforeAll(async () => {
    harness = await startNetworkAccess('hostile');
    district = await passwordGrantToken('district.admin');
  });

  afterAll(async () => {
    await harness?.close();
  });

  const terminal = {
    macAddress: 'AA:BB:CC:DD:EE:41',
    schoolCode: '3101200001',
    type: 'pc',
    name: '机房 41',
  };

  it('answers an array inside the terminals array with a 400 naming the element, and imports nothing', async () => {
    const answer = await api<{ errors: Array<{ field: string }> }>(
      harness,
      district,
      'POST',
      '/terminals/import',
      { terminals: [[terminal]] },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error) => error.field)).toContain('terminals');
    const listed = await api<unknown[]>(harness, district, 'GET', '/terminals');
    expect(listed.body).toEqual([]);
  });

  it('refuses JSON nested 3,000 deep before parsing it', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/terminals/import',
      headers: { authorization: `Bearer ${district}`, 'content-type': 'application/json' },
      payload: `{"terminals":${'['.repeat(3000)}${']'.repeat(3000)}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/nested more than 64 levels/);
  });
});
