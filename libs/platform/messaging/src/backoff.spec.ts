import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
  const noJitter = { initialMs: 100, maxMs: 5_000, jitter: 0 };

  it('doubles from the initial delay per attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, noJitter))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    expect(backoffDelay(7, noJitter)).toBe(5_000);
    expect(backoffDelay(10_000, noJitter)).toBe(5_000);
  });

  it('spreads the delay by the jitter fraction around the exponential value', () => {
    const policy = { initialMs: 1_000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelay(1, policy, () => 0)).toBe(800);
    expect(backoffDelay(1, policy, () => 0.5)).toBe(1_000);
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(1_200);
  });

  it('rejects attempts that are not positive integers', () => {
    expect(() => backoffDelay(0, noJitter)).toThrow(RangeError);
    expect(() => backoffDelay(1.5, noJitter)).toThrow(RangeError);
  });
});

describe('sleep', () => {
  it('returns early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(10_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
