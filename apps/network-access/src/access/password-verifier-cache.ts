import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

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
  /** Random per process: a verifier is worthless outside the process that made it. */
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, Verifier>();
  /** The digest input is laid out here: checks are synchronous, and this runs for every PAP request. */
  private scratch = Buffer.allocUnsafe(256);

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
    return timingSafeEqual(this.digest(entry.salt, password), entry.digest);
  }

  remember(personId: string, password: Buffer, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(personId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const salt = randomBytes(16);
    this.entries.set(personId, { salt, digest: this.digest(salt, password), expiresAt: now + this.ttlMs });
  }

  forget(personId: string): void {
    this.entries.delete(personId);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * SHA-256(key ‖ salt ‖ password), one one-shot hash. No HMAC needed: the digest never leaves this
   * process, so there is no one to mount a length extension, and comparing it is all it is used for.
   */
  private digest(salt: Buffer, password: Buffer): Buffer {
    const length = this.key.length + salt.length + password.length;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(length);
    this.key.copy(this.scratch, 0);
    salt.copy(this.scratch, this.key.length);
    password.copy(this.scratch, this.key.length + salt.length);
    const digest = hash('sha256', this.scratch.subarray(0, length), 'buffer');
    this.scratch.fill(0, this.key.length + salt.length, length); // no cleartext left lying around
    return digest;
  }
}
