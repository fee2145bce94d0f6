import { RejectedPasswordCache } from './rejected-password-cache';

describe('RejectedPasswordCache', () => {
  it('knows the last few refused passwords of a person within the TTL', () => {
    const cache = new RejectedPasswordCache(60_000, 2);
    cache.remember('p1', Buffer.from('wrong-1'), 0);
    cache.remember('p1', Buffer.from('wrong-2'), 1_000);
    expect(cache.matches('p1', Buffer.from('wrong-1'), 2_000)).toBe(true);
    expect(cache.matches('p1', Buffer.from('wrong-2'), 2_000)).toBe(true);
    expect(cache.matches('p1', Buffer.from('right'), 2_000)).toBe(false);
    expect(cache.matches('p2', Buffer.from('wrong-1'), 2_000)).toBe(false);
    cache.remember('p1', Buffer.from('wrong-3'), 3_000);
    expect(cache.matches('p1', Buffer.from('wrong-1'), 3_000)).toBe(false);
    expect(cache.matches('p1', Buffer.from('wrong-2'), 60_999)).toBe(true);
    expect(cache.matches('p1', Buffer.from('wrong-2'), 61_000)).toBe(false);
  });

  it('forgets a person, and remembers nothing with a zero TTL', () => {
    const cache = new RejectedPasswordCache(60_000);
    cache.remember('p1', Buffer.from('wrong'));
    cache.forget('p1');
    expect(cache.matches('p1', Buffer.from('wrong'))).toBe(false);
    const off = new RejectedPasswordCache(0);
    off.remember('p1', Buffer.from('wrong'));
    expect(off.size).toBe(0);
  });
});
