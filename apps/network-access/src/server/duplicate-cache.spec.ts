import { DuplicateCache, DuplicateEntry } from './duplicate-cache';

const authenticator = (fill: number) => Buffer.alloc(16, fill);
const answer = Buffer.from('answer');

function begun(cache: DuplicateCache, port: number, id: number, fill: number, now: number): DuplicateEntry {
  const seen = cache.begin('10.0.0.1', port, id, authenticator(fill), now);
  if (seen.state !== 'new') throw new Error(`expected a new request, got ${seen.state}`);
  return seen.entry;
}

describe('DuplicateCache', () => {
  it('drops a copy while the first is evaluated, then answers copies from the cache until the window ends', () => {
    const cache = new DuplicateCache(5000);
    const entry = begun(cache, 40000, 7, 1, 0);
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(1), 10).state).toBe('in-flight');
    cache.complete(entry, answer, 20);
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(1), 5019)).toEqual({
      state: 'cached',
      response: answer,
    });
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(1), 5020).state).toBe('new');
  });

  it('tells requests apart by source address, port, identifier and authenticator', () => {
    const cache = new DuplicateCache(5000);
    cache.complete(begun(cache, 40000, 7, 1, 0), answer, 0);
    expect(cache.begin('10.0.0.2', 40000, 7, authenticator(1), 1).state).toBe('new');
    expect(cache.begin('10.0.0.1', 40001, 7, authenticator(1), 1).state).toBe('new');
    expect(cache.begin('10.0.0.1', 40000, 8, authenticator(1), 1).state).toBe('new');
  });

  it('treats a reused identifier with a new authenticator as a new request the old evaluation cannot answer', () => {
    const cache = new DuplicateCache(5000);
    const first = begun(cache, 40000, 7, 1, 0);
    const second = begun(cache, 40000, 7, 2, 10);
    // The first evaluation finishes late: its answer must not become the second request's.
    cache.complete(first, Buffer.from('stale'), 20);
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(2), 30).state).toBe('in-flight');
    cache.complete(second, answer, 40);
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(2), 50)).toEqual({
      state: 'cached',
      response: answer,
    });
  });

  it('forgets an abandoned request so its retransmission is evaluated again, without touching a newer one', () => {
    const cache = new DuplicateCache(5000);
    const abandoned = begun(cache, 40000, 7, 1, 0);
    cache.abandon(abandoned);
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(1), 1).state).toBe('new');
    const newer = begun(cache, 40000, 7, 2, 2);
    cache.abandon(abandoned);
    cache.complete(newer, answer, 3);
    expect(cache.begin('10.0.0.1', 40000, 7, authenticator(2), 4).state).toBe('cached');
  });

  it('sweeps expired entries once per window, so the tables do not grow with the request rate', () => {
    const cache = new DuplicateCache(1000);
    for (let id = 0; id < 256; id += 1) cache.complete(begun(cache, 40000, id, 1, 0), answer, 0);
    expect(cache.size).toBe(256);
    begun(cache, 40001, 0, 1, 2000);
    expect(cache.size).toBe(1);
  });
});
