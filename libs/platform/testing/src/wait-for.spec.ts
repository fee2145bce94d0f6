import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first answer, probing again after "not yet"', async () => {
    const answers: Array<string | undefined | null | false> = [undefined, null, false, 'ready'];
    let probes = 0;
    const value = await waitFor('the fourth probe', 1_000, () => answers[probes++], { intervalMs: 1 });
    expect(value).toBe('ready');
    expect(probes).toBe(4);
  });

  it('takes 0 and the empty string as answers', async () => {
    expect(await waitFor('a zero', 100, async () => 0)).toBe(0);
    expect(await waitFor('an empty string', 100, async () => '')).toBe('');
  });

  it('times out naming what it waited for, after at least the time given', async () => {
    const started = Date.now();
    await expect(waitFor('the projection to catch up', 150, () => false, { intervalMs: 20 })).rejects.toThrow(
      'timed out after 150 ms waiting for the projection to catch up',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('fails at once when the probe throws, instead of waiting out the time', async () => {
    const started = Date.now();
    await expect(
      waitFor('a broken probe', 10_000, async () => {
        throw new Error('no such table');
      }),
    ).rejects.toThrow('no such table');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
