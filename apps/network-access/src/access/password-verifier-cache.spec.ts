import { PasswordVerifierCache } from './password-verifier-cache';

describe('PasswordVerifierCache', () => {
  const password = Buffer.from('Passw0rd!');

  it('matches the remembered password only, and only within the TTL', () => {
    const cache = new PasswordVerifierCache(60_000);
    cache.remember('p1', password, 1_000);
    expect(cache.matches('p1', password, 2_000)).toBe(true);
    expect(cache.matches('p1', Buffer.from('Passw0rd?'), 2_000)).toBe(false);
    expect(cache.matches('p2', password, 2_000)).toBe(false);
    expect(cache.matches('p1', password, 61_000)).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('forgets a person at once', () => {
    const cache = new PasswordVerifierCache(60_000);
    cache.remember('p1', password);
    cache.forget('p1');
    expect(cache.matches('p1', password)).toBe(false);
  });

  it('remembers nothing with a zero TTL and stays within its bound', () => {
    expect(new PasswordVerifierCache(0).size).toBe(0);
    const disabled = new PasswordVerifierCache(0);
    disabled.remember('p1', password);
    expect(disabled.matches('p1', password)).toBe(false);
    const bounded = new PasswordVerifierCache(60_000, 2);
    for (const id of ['a', 'b', 'c']) bounded.remember(id, password);
    expect(bounded.size).toBe(2);
    expect(bounded.matches('a', password)).toBe(false);
    expect(bounded.matches('c', password)).toBe(true);
  });
});
