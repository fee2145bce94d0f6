interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

/**
 * Bounded map from a token string to what its verification produced, each entry valid until the token's
 * own expiry. Beyond the bound the oldest inserted entry goes first (a Map keeps insertion order); hits
 * do not reorder, which keeps the per-request path to a single lookup.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries: number) {}

  get(token: string, nowMs: number): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs > nowMs) return entry.value;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, value: T, expiresAtMs: number): void {
    this.entries.delete(token);
    this.entries.set(token, { value, expiresAtMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
