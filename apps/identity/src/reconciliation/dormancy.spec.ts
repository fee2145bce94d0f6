import { isDormant, latest } from './dormancy';

describe('dormancy', () => {
  const threshold = new Date('2026-09-01T00:00:00Z');

  it('counts from the last login, or from activation when there was none', () => {
    expect(isDormant(new Date('2026-08-31T23:59:59Z'), new Date('2025-01-01Z'), threshold)).toBe(true);
    expect(isDormant(new Date('2026-09-02T00:00:00Z'), new Date('2025-01-01Z'), threshold)).toBe(false);
    expect(isDormant(null, new Date('2026-08-01Z'), threshold)).toBe(true);
    expect(isDormant(null, new Date('2026-09-15Z'), threshold)).toBe(false);
  });

  it('a reactivation restarts the clock even after an old login', () => {
    expect(isDormant(new Date('2026-01-01Z'), new Date('2026-10-01Z'), threshold)).toBe(false);
  });

  it('picks the latest known time', () => {
    expect(latest(null, undefined)).toBeNull();
    expect(latest(new Date('2026-01-01Z'), null, new Date('2026-02-01Z'))).toEqual(new Date('2026-02-01Z'));
  });
});
