import { copySession, SessionRow } from './session-store';

/**
 * The open sessions this instance wrote, as they were committed, keyed like the ledger's batches
 * (`${nasId}\0${acctSessionId}`). Interim-Update and Stop records of a session found here merge against
 * this copy instead of a SELECT: on a RANGE-partitioned `session` table that lookup probes every monthly
 * partition and was the costliest statement of an accounting batch.
 *
 * Only open sessions are kept, so a retransmitted Stop of a closed one is still decided by the database.
 * Entries are evicted oldest-written first beyond `capacity`; a miss only costs the SELECT. A copy that went
 * stale because another instance closed the session cannot reopen or rewind it: the ledger's update only
 * touches rows that are still open; and before a Stop closes a copy the ledger re-reads its row by primary key
 * (locked), so a session closed elsewhere is not announced as stopped a second time.
 */
export class OpenSessionIndex {
  private readonly sessions = new Map<string, Readonly<SessionRow>>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.sessions.size;
  }

  /** A private copy to merge the next record into, or undefined when the database has to say. */
  checkout(key: string): SessionRow | undefined {
    const known = this.sessions.get(key);
    return known ? copySession(known) : undefined;
  }

  /** Call only once the transaction that wrote these rows committed. */
  remember(key: string, row: SessionRow): void {
    // Re-inserting moves the key to the young end of the Map's order, which eviction relies on.
    this.sessions.delete(key);
    if (row.stoppedAt !== null || row.id === null || this.capacity === 0) return;
    this.sessions.set(key, copySession(row));
    if (this.sessions.size > this.capacity) {
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
  }

  /** After a failed transaction: it may have committed unheard (a connection lost during COMMIT). */
  clear(): void {
    this.sessions.clear();
  }
}
