import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BackoffPolicy, backoffDelay, sleep } from '@edubase/messaging';

/** Retry delays after a failed sync: 1 s doubling to 60 s, forever, ±20 % so instances do not retry in step. */
export const KEYCLOAK_SYNC_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, jitter: 0.2 };

/**
 * The instance that made a write syncs right after its commit (and returns the outcome, e.g. the initial
 * password); the retry loops of all instances leave a fresh request alone this long, so they only step in
 * when that sync failed or its instance died.
 */
export const WRITER_GRACE_SECONDS = 5;

/** A claimed row is left to its sync this long: more than a sync takes (each Keycloak call times out at 10 s). */
const LEASE_SECONDS = 60;

/** Rows per multi-row upsert (roster imports request thousands at once). */
const UPSERT_CHUNK = 500;

/**
 * Asks for a Keycloak sync of these people. Call it inside the transaction of the write that changes what
 * their account should be: the request commits, or rolls back, with the write. A request for someone
 * already pending bumps the generation (a sync running meanwhile will not remove it) and restarts the
 * back-off, since it is a new change.
 */
export async function requestKeycloakSync(
  manager: EntityManager,
  personIds: readonly string[],
): Promise<void> {
  for (let start = 0; start < personIds.length; start += UPSERT_CHUNK) {
    const chunk = personIds.slice(start, start + UPSERT_CHUNK);
    const row = `(?, 1, NOW(3), NOW(3), 0, NOW(3) + INTERVAL ${WRITER_GRACE_SECONDS} SECOND)`;
    await manager.query(
      `INSERT INTO keycloak_sync_request (person_id, generation, pending_since, requested_at, attempts, next_attempt_at) VALUES ${chunk.map(() => row).join(', ')} ` +
        'ON DUPLICATE KEY UPDATE generation = generation + 1, requested_at = VALUES(requested_at), attempts = 0, next_attempt_at = VALUES(next_attempt_at)',
      chunk,
    );
  }
}

/** A request held by one sync: settle it with `succeeded` or `failed`. */
export interface SyncClaim {
  personId: string;
  token: string;
  generation: number;
  attempts: number;
}

export interface SyncBacklog {
  pending: number;
  oldestPendingAgeSeconds: number;
}

/**
 * The table side of the Keycloak sync outbox (`keycloak_sync_request`). A sync first claims the person's
 * row (a lease with a random token, so two instances never sync one person at once) and reads its
 * generation before reading the person, so it sees at least the writes that requested it. Success deletes
 * the row only if the generation is unchanged; otherwise a request arrived meanwhile and the row is handed
 * back, due at once. Failure counts an attempt and schedules the next one with exponential back-off.
 */
@Injectable()
export class KeycloakSyncOutbox {
  private readonly listeners = new Set<() => void>();
  /** A sync found Keycloak not answering: the retry loop probes it, and its return releases the back-offs. */
  private unreachableSeen = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Leases the person's row whether or not it is due. `null` when there is no request; `'busy'` when
   * another sync still holds it after `waitMs`.
   */
  async claim(personId: string, waitMs = 0): Promise<SyncClaim | 'busy' | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const token = randomUUID();
      await this.dataSource.query(
        `UPDATE keycloak_sync_request SET leased_by = ?, leased_until = NOW(3) + INTERVAL ${LEASE_SECONDS} SECOND WHERE person_id = ? AND (leased_until IS NULL OR leased_until < NOW(3))`,
        [token, personId],
      );
      const [row] = (await this.dataSource.query(
        'SELECT generation, attempts, leased_by AS leasedBy FROM keycloak_sync_request WHERE person_id = ?',
        [personId],
      )) as { generation: number | string; attempts: number | string; leasedBy: string | null }[];
      if (!row) return null;
      if (row.leasedBy === token)
        return { personId, token, generation: Number(row.generation), attempts: Number(row.attempts) };
      if (Date.now() >= deadline) return 'busy';
      await sleep(200);
    }
  }

  /** The sync reached Keycloak: the request is done unless a newer one arrived while it ran. */
  async succeeded(claim: SyncClaim): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM keycloak_sync_request WHERE person_id = ? AND leased_by = ? AND generation = ?',
      [claim.personId, claim.token, claim.generation],
    );
    // Still here under this lease: requested again during the sync, so sync again now.
    await this.dataSource.query(
      'UPDATE keycloak_sync_request SET leased_by = NULL, leased_until = NULL, last_error = NULL, next_attempt_at = NOW(3) WHERE person_id = ? AND leased_by = ?',
      [claim.personId, claim.token],
    );
    if (this.unreachableSeen) await this.keycloakReturned();
    this.notify();
  }

  /** True from a sync that found Keycloak unreachable until Keycloak is seen answering again. */
  get waitingForKeycloak(): boolean {
    return this.unreachableSeen;
  }

  /**
   * Keycloak answers again: every failed request is retried now, not at the end of its back-off (up to
   * 60 s), so a suspension made during an outage lands seconds after Keycloak's return.
   */
  async keycloakReturned(): Promise<void> {
    this.unreachableSeen = false;
    await this.dataSource.query(
      'UPDATE keycloak_sync_request SET next_attempt_at = NOW(3) WHERE attempts > 0 AND next_attempt_at > NOW(3)',
    );
    this.notify();
  }

  /** Nothing is pending any more: no reason to watch for Keycloak's return. */
  forgetUnreachable(): void {
    this.unreachableSeen = false;
  }

  /** Counts the failed attempt and schedules the next; returns the delay chosen. */
  async failed(claim: SyncClaim, error: string, keycloakUnreachable: boolean): Promise<number> {
    const delayMs = backoffDelay(claim.attempts + 1, KEYCLOAK_SYNC_BACKOFF);
    if (keycloakUnreachable) this.unreachableSeen = true;
    await this.dataSource.query(
      'UPDATE keycloak_sync_request SET attempts = attempts + 1, last_error = ?, next_attempt_at = NOW(3) + INTERVAL ? MICROSECOND, leased_by = NULL, leased_until = NULL WHERE person_id = ? AND leased_by = ?',
      [error.slice(0, 1000), delayMs * 1000, claim.personId, claim.token],
    );
    this.notify();
    return delayMs;
  }

  /** People whose request is due and not held by a live lease, the longest waiting first. */
  async due(limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      'SELECT person_id AS personId FROM keycloak_sync_request WHERE next_attempt_at <= NOW(3) AND (leased_until IS NULL OR leased_until < NOW(3)) ORDER BY next_attempt_at LIMIT ?',
      [limit],
    )) as { personId: string }[];
    return rows.map((row) => row.personId);
  }

  /** Milliseconds until some request becomes due (or its lease runs out); null when none is pending. */
  async msUntilNextDue(): Promise<number | null> {
    const [row] = (await this.dataSource.query(
      'SELECT TIMESTAMPDIFF(MICROSECOND, NOW(3), MIN(GREATEST(next_attempt_at, COALESCE(leased_until, next_attempt_at)))) AS waitMicros FROM keycloak_sync_request',
    )) as { waitMicros: number | string | null }[];
    return row?.waitMicros === null || row?.waitMicros === undefined
      ? null
      : Math.max(0, Number(row.waitMicros) / 1000);
  }

  async backlog(): Promise<SyncBacklog> {
    const [row] = (await this.dataSource.query(
      'SELECT COUNT(*) AS pending, TIMESTAMPDIFF(MICROSECOND, MIN(pending_since), NOW(3)) AS ageMicros FROM keycloak_sync_request',
    )) as { pending: number | string; ageMicros: number | string | null }[];
    return {
      pending: Number(row?.pending ?? 0),
      oldestPendingAgeSeconds: Math.max(0, Number(row?.ageMicros ?? 0) / 1_000_000),
    };
  }

  /** Called whenever a row was settled (the retry loop then recomputes when to wake). */
  onSettled(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
