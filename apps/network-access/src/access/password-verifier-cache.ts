import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SaltedPasswordDigest } from './salted-password-digest';

interface Verifier {
  salt: Buffer;
  digest: Buffer;
  expiresAt: number;
}

/**
 * Remembers that a password was accepted by the SSO, for a few minutes, so login bursts (a class of
 * forty logging in at the bell) do not each cost a Keycloak round trip. Only a salted SHA-256 under a key
 * that lives in this process's memory is kept — never the password — and a person's entry is dropped the
 * moment identity reports them suspended or departed.
 */
export class PasswordVerifierCache {
  private readonly digest = new SaltedPasswordDigest();
  private readonly entries = new Map<string, Verifier>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 200_000,
  ) {}

  matches(personId: string, password: Buffer, now = Date.now()): boolean {
    const entry = this.entries.get(personId);
    if (!entry) return false;
    if (entry.expiresAt <= now) {
      this.entries.delete(personId);
      return false;
    }
    return timingSafeEqual(this.digest.of(entry.salt, password), entry.digest);
  }

  remember(personId: string, password: Buffer, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(personId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const salt = randomBytes(16);
    this.entries.set(personId, { salt, digest: this.digest.of(salt, password), expiresAt: now + this.ttlMs });
  }

  forget(personId: string): void {
    this.entries.delete(personId);
  }

  get size(): number {
    return this.entries.size;
  }
}
