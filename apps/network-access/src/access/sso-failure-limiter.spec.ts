import { SsoFailureLimiter, SsoFailureLimits } from './sso-failure-limiter';

const limits: SsoFailureLimits = {
  userFailureBudget: 4,
  failureWindowMs: 43_200_000,
  userBackoffBaseMs: 2_000,
  userBackoffMaxMs: 900_000,
  nasFailureBurst: 3,
  nasFailuresPerMinute: 6,
  nasBackoffBaseMs: 30_000,
  nasBackoffMaxMs: 900_000,
};

/** Admits and fails one check of `person` at `at`; what the limiter said. */
function failAt(limiter: SsoFailureLimiter, person: string, at: number, nas = 'nas-1'): string {
  const admission = limiter.admit(person, nas, at);
  if (admission === 'admitted') limiter.settle(person, nas, 'invalid', at + 50);
  return admission;
}

describe('SsoFailureLimiter', () => {
  it('checks one password of a person at a time', () => {
    const limiter = new SsoFailureLimiter(limits);
    expect(limiter.admit('p1', 'nas-1', 0)).toBe('admitted');
    expect(limiter.admit('p1', 'nas-1', 10)).toBe('user-limited');
    expect(limiter.admit('p2', 'nas-1', 10)).toBe('admitted');
  });

  it('spaces failures by a doubling back-off wider than the quick-login window, and caps them', () => {
    const limiter = new SsoFailureLimiter(limits);
    const admitted: number[] = [];
    // A wrong password every 500 ms for two minutes.
    for (let at = 0; at < 120_000; at += 500) if (failAt(limiter, 'p1', at) === 'admitted') admitted.push(at);
    // 0, then 2 s, 4 s and 8 s after each failure was answered (50 ms later); then the budget is spent.
    expect(admitted).toEqual([0, 2_500, 7_000, 15_500]);
    const gaps = admitted.slice(1).map((at, index) => at - admitted[index]!);
    expect(Math.min(...gaps)).toBeGreaterThan(1_000);
    expect(limiter.heldUntil('p1', 120_000)).toBe(15_550 + limits.failureWindowMs);
  });

  it('starts counting again after Keycloak window, and at once after a valid password', () => {
    const limiter = new SsoFailureLimiter(limits);
    for (const at of [0, 10_000, 30_000, 60_000]) expect(failAt(limiter, 'p1', at)).toBe('admitted');
    expect(limiter.admit('p1', 'nas-1', 3_600_000)).toBe('user-limited');
    expect(limiter.admit('p1', 'nas-1', 60_050 + limits.failureWindowMs + 1)).toBe('admitted');

    const other = new SsoFailureLimiter(limits);
    for (const at of [0, 10_000, 30_000]) failAt(other, 'p2', at);
    expect(other.admit('p2', 'nas-1', 60_000)).toBe('admitted');
    other.settle('p2', 'nas-1', 'valid', 60_050);
    expect(other.trackedUsers).toBe(0);
    expect(other.admit('p2', 'nas-1', 60_100)).toBe('admitted');
  });

  it('keeps the quick-login gap after an unanswered check without counting it as a failure', () => {
    const limiter = new SsoFailureLimiter(limits);
    expect(limiter.admit('p1', 'nas-1', 0)).toBe('admitted');
    limiter.settle('p1', 'nas-1', 'unavailable', 3_000);
    expect(limiter.admit('p1', 'nas-1', 4_000)).toBe('sso-cooling');
    expect(limiter.admit('p1', 'nas-1', 5_000)).toBe('admitted');
    limiter.settle('p1', 'nas-1', 'unavailable', 5_100);
    expect(limiter.trackedUsers).toBe(1);
    expect(limiter.admit('p1', 'nas-1', 8_000)).toBe('admitted');
  });

  it('holds off a NAS that sprays many people, longer each time, and lets it earn failures back', () => {
    const limiter = new SsoFailureLimiter(limits);
    for (const person of ['a', 'b', 'c']) expect(failAt(limiter, person, 0)).toBe('admitted');
    expect(limiter.admit('d', 'nas-1', 100)).toBe('nas-limited');
    expect(limiter.admit('d', 'nas-2', 100)).toBe('admitted');
    expect(limiter.admit('e', 'nas-1', 30_099)).toBe('nas-limited');
    // Held 30 s from 100; by then 3 failures were earned back (6 a minute).
    expect(failAt(limiter, 'e', 30_100)).toBe('admitted');
    expect(failAt(limiter, 'f', 30_200)).toBe('admitted');
    expect(failAt(limiter, 'g', 30_300)).toBe('admitted');
    expect(limiter.admit('h', 'nas-1', 30_400)).toBe('nas-limited');
    // The second hold in a row lasts 60 s.
    expect(limiter.admit('h', 'nas-1', 90_399)).toBe('nas-limited');
    expect(limiter.admit('h', 'nas-1', 90_400)).toBe('admitted');
  });

  it('forgets a person unless a check of theirs is out', () => {
    const limiter = new SsoFailureLimiter(limits);
    failAt(limiter, 'p1', 0);
    limiter.forget('p1');
    expect(limiter.admit('p1', 'nas-1', 100)).toBe('admitted');
    limiter.forget('p1');
    expect(limiter.admit('p1', 'nas-1', 200)).toBe('user-limited');
  });
});
