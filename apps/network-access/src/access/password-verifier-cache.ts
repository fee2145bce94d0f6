import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

interface Verifier {
  salt: Buffer;
  digest: Buffer;
  expiresAt: number;
}

/**
 * Remembers that a password was accepted by the SSO, for a few minutes, so login bursts (a class of
 * forty logging in at the bell) do not each cost a Keycloak round trip. Only a salted HMAC under a key that
 * lives in this process's memory is kept — never the password — and a person's entry is dropped the moment
 * identity reports them suspended or departed.
 */
export class PasswordVerifierCache {
  /** HMAC-SHA256 key pads (RFC 2104) of a random per-process key: an Hmac object per check costs ~25 µs. */
  private readonly innerPad: Buffer;
  private readonly outerPad: Buffer;
  private readonly entries = new Map<string, Verifier>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 200_000,
  ) {
    const key = randomBytes(32);
    this.innerPad = Buffer.alloc(64, 0x36);
    this.outerPad = Buffer.alloc(64, 0x5c);
    for (let index = 0; index < key.length; index += 1) {
      this.innerPad[index]! ^= key[index]!;
      this.outerPad[index]! ^= key[index]!;
    }
  }

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

  /** HMAC-SHA256(key, salt ‖ password), two one-shot hashes. */
  private digest(salt: Buffer, password: Buffer): Buffer {
    const inner = hash('sha256', Buffer.concat([this.innerPad, salt, password]), 'buffer');
    return hash('sha256', Buffer.concat([this.outerPad, inner]), 'buffer');
  }
}
