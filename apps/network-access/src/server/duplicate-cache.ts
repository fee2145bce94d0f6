/**
 * RFC 5080 §2.2.2 duplicate detection: a retransmission (same client address and port, identifier and
 * Request Authenticator) within the window gets the answer already sent, never a second evaluation.
 * While the first copy is still being evaluated, copies are dropped; the NAS retries and then hits the
 * cached answer. Entries expire in insertion order, so the sweep is a walk from the oldest.
 */
export class DuplicateCache {
  private readonly entries = new Map<string, { expiresAt: number; response: Buffer | null }>();

  constructor(private readonly windowMs: number) {}

  static key(address: string, port: number, identifier: number, authenticator: Buffer): string {
    return `${address}:${port}:${identifier}:${authenticator.toString('latin1')}`;
  }

  /** `cached` with the earlier answer, `in-flight` while evaluating, or `new` (then registered as in flight). */
  begin(
    key: string,
    now: number,
  ): { state: 'new' } | { state: 'in-flight' } | { state: 'cached'; response: Buffer } {
    this.sweep(now);
    const entry = this.entries.get(key);
    if (entry) return entry.response ? { state: 'cached', response: entry.response } : { state: 'in-flight' };
    this.entries.set(key, { expiresAt: now + this.windowMs, response: null });
    return { state: 'new' };
  }

  complete(key: string, response: Buffer, now: number): void {
    // Re-inserted so expiry order stays insertion order.
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.windowMs, response });
  }

  /** Forgets a request that got no answer, so its retransmission is evaluated afresh. */
  abandon(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
