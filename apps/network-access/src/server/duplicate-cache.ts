/** One request as the duplicate cache remembers it; also the handle its evaluation completes or abandons. */
export interface DuplicateEntry {
  readonly slot: number;
  readonly sourceAddress: string;
  readonly authenticator: Buffer;
  expiresAt: number;
  response: Buffer | null;
}

export type DuplicateLookup =
  { state: 'new'; entry: DuplicateEntry } | { state: 'in-flight' } | { state: 'cached'; response: Buffer };

const IN_FLIGHT: DuplicateLookup = { state: 'in-flight' };

/**
 * RFC 5080 §2.2.2 duplicate detection: a retransmission (same client address and port, identifier and
 * Request Authenticator) within the window gets the answer already sent, never a second evaluation.
 * While the first copy is still being evaluated, copies are dropped; the NAS retries and then hits the
 * cached answer.
 *
 * Kept per source address by (port, identifier), a small integer: a NAS cycles through its 256
 * identifiers per socket, so each slot is reused within the window and the tables stay the size of the
 * NAS's sockets × 256 instead of growing with the request rate (a string key per request, held for the
 * whole window, cost more than answering). A slot reused with a new authenticator is a new request.
 * Expired entries are swept once per window.
 */
export class DuplicateCache {
  private readonly bySource = new Map<string, Map<number, DuplicateEntry>>();
  private nextSweepAt = 0;

  constructor(private readonly windowMs: number) {}

  /** `cached` with the earlier answer, `in-flight` while evaluating, or `new` with the entry to settle. */
  begin(
    sourceAddress: string,
    sourcePort: number,
    identifier: number,
    authenticator: Buffer,
    now: number,
  ): DuplicateLookup {
    if (now >= this.nextSweepAt) this.sweep(now);
    let entries = this.bySource.get(sourceAddress);
    if (!entries) {
      entries = new Map();
      this.bySource.set(sourceAddress, entries);
    }
    const slot = sourcePort * 256 + identifier;
    const known = entries.get(slot);
    if (known && known.expiresAt > now && known.authenticator.equals(authenticator)) {
      return known.response ? { state: 'cached', response: known.response } : IN_FLIGHT;
    }
    // A fresh object even when the slot is reused: an earlier evaluation still holding the old entry must
    // not write its answer into the new request's.
    const entry: DuplicateEntry = {
      slot,
      sourceAddress,
      authenticator,
      expiresAt: now + this.windowMs,
      response: null,
    };
    entries.set(slot, entry);
    return { state: 'new', entry };
  }

  complete(entry: DuplicateEntry, response: Buffer, now: number): void {
    entry.response = response;
    entry.expiresAt = now + this.windowMs;
  }

  /** Forgets a request that got no answer, so its retransmission is evaluated afresh. */
  abandon(entry: DuplicateEntry): void {
    const entries = this.bySource.get(entry.sourceAddress);
    if (entries?.get(entry.slot) === entry) entries.delete(entry.slot);
  }

  /** Requests remembered, expired ones not yet swept included. */
  get size(): number {
    let size = 0;
    for (const entries of this.bySource.values()) size += entries.size;
    return size;
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + this.windowMs;
    for (const [sourceAddress, entries] of this.bySource) {
      for (const [slot, entry] of entries) if (entry.expiresAt <= now) entries.delete(slot);
      if (entries.size === 0) this.bySource.delete(sourceAddress);
    }
  }
}
