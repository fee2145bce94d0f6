import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SaltedPasswordDigest } from './salted-password-digest';

interface Rejected {
  salt: Buffer;
  digest: Buffer;
  expiresAt: number;
}

/**
 * The passwords Keycloak recently refused, per person, so a supplicant retrying the same wrong password
 * is refused here and never adds to Keycloak's failure count again. Salted digests only, as in the
 * verifier cache; a few per person, the newest kept.
 */
export class RejectedPasswordCache {
  private readonly digest = new SaltedPasswordDigest();
  private readonly entries = new Map<string, Rejected[]>();

  constructor(
    private readonly ttlMs: number,
    private readonly perPerson = 4,
    private readonly maxPeople = 100_000,
  ) {}

  matches(personId: string, password: Buffer, now = Date.now()): boolean {
    const rejected = this.entries.get(personId);
    if (!rejected) return false;
    const live = rejected.filter((entry) => entry.expiresAt > now);
    if (live.length === 0) {
      this.entries.delete(personId);
      return false;
    }
    if (live.length !== rejected.length) this.entries.set(personId, live);
    return live.some((entry) => timingSafeEqual(this.digest.of(entry.salt, password), entry.digest));
  }

  remember(personId: string, password: Buffer, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    const rejected = (this.entries.get(personId) ?? []).filter((entry) => entry.expiresAt > now);
    this.entries.delete(personId);
    if (this.entries.size >= this.maxPeople) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const salt = randomBytes(16);
    rejected.push({ salt, digest: this.digest.of(salt, password), expiresAt: now + this.ttlMs });
    this.entries.set(personId, rejected.slice(-this.perPerson));
  }

  forget(personId: string): void {
    this.entries.delete(personId);
  }

  get size(): number {
    return this.entries.size;
  }
}
