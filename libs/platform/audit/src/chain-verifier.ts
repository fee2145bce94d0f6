import { DataSource } from 'typeorm';
import { entryHash, GENESIS_HASH } from './chain-hash';

/**
 * The first link that does not hold: an entry whose stored content no longer gives its hash (`changed`),
 * a position with no entry (`missing`: deleted), an entry whose prev_hash is not its predecessor's hash
 * (`relinked`: an entry before it was replaced, hash and all), or a head the last entry does not reach
 * (`missing` at the end: entries deleted from the tail), or an entry whose hash is not the one a published
 * anchor holds for its position (`anchor-mismatch`: the chain was rewritten and rehashed from there on, which
 * the chain alone cannot show).
 */
export interface BrokenLink {
  seq: number;
  /** The stored entry's id, when there is one at that position. */
  entryId: string | null;
  problem: 'changed' | 'missing' | 'relinked' | 'anchor-mismatch';
  detail: string;
}

export interface ChainVerification {
  service: string;
  ok: boolean;
  /** False when the service runs with the chain turned off (benches): nothing was checked. */
  enabled: boolean;
  checkedEntries: number;
  head: { seq: number; hash: string };
  /** Entries written but not sealed yet (sealed within a second; many means the sealer is stuck). */
  unsealedEntries: number;
  firstBroken: BrokenLink | null;
  verifiedAt: string;
}

interface SealedRow {
  id: string;
  seq: string;
  occurred_at: Date;
  actor_id: string;
  actor_kind: string;
  actor_name: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  school_code: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

const PAGE = 5000;

/** A published anchor: the hash the chain had at this position (governance keeps them). */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/**
 * Walks the chain from its first entry to the head, page by page, and names the first broken link; with
 * `anchors`, each anchored position must also still hold the anchored hash.
 */
export async function verifyChain(
  dataSource: DataSource,
  service: string,
  enabled: boolean,
  anchors: readonly ChainAnchor[] = [],
): Promise<ChainVerification> {
  const anchored = new Map(anchors.map((anchor) => [anchor.seq, anchor.hash]));
  const [head] = (await dataSource.query('SELECT seq, hash FROM audit_chain_head WHERE id = 1')) as {
    seq: string;
    hash: string;
  }[];
  const [unsealed] = (await dataSource.query(
    'SELECT COUNT(*) AS count FROM audit_chain_entry WHERE seq IS NULL',
  )) as { count: string }[];
  const headSeq = Number(head?.seq ?? 0);
  const result = (firstBroken: BrokenLink | null, checkedEntries: number): ChainVerification => ({
    service,
    ok: firstBroken === null,
    enabled,
    checkedEntries,
    head: { seq: headSeq, hash: head?.hash ?? GENESIS_HASH },
    unsealedEntries: Number(unsealed?.count ?? 0),
    firstBroken,
    verifiedAt: new Date().toISOString(),
  });

  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT id, seq, occurred_at, actor_id, actor_kind, actor_name, action, subject_type, subject_id,
              school_code, detail, prev_hash, hash
         FROM audit_chain_entry WHERE seq >= ? ORDER BY seq LIMIT ${PAGE}`,
      [expectedSeq],
    )) as SealedRow[];
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return result(
          {
            seq: expectedSeq,
            entryId: null,
            problem: 'missing',
            detail: `entry ${expectedSeq} is missing: the chain goes from ${expectedSeq - 1} to ${seq}`,
          },
          checked,
        );
      if (row.prev_hash !== previousHash)
        return result(
          {
            seq,
            entryId: row.id,
            problem: 'relinked',
            detail: `entry ${seq}'s prev_hash is not the hash of entry ${seq - 1}`,
          },
          checked,
        );
      const recomputed = entryHash({
        seq: row.seq,
        prevHash: row.prev_hash,
        occurredAt: row.occurred_at,
        actorId: row.actor_id,
        actorKind: row.actor_kind,
        actorName: row.actor_name,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        schoolCode: row.school_code,
        detail: row.detail,
      });
      if (recomputed !== row.hash)
        return result(
          {
            seq,
            entryId: row.id,
            problem: 'changed',
            detail: `entry ${seq} was changed after it was sealed: its content no longer gives its hash`,
          },
          checked,
        );
      const anchorHash = anchored.get(seq);
      if (anchorHash !== undefined && anchorHash !== row.hash)
        return result(
          {
            seq,
            entryId: row.id,
            problem: 'anchor-mismatch',
            detail: `entry ${seq}'s hash is not the anchored one: the chain was rewritten up to here`,
          },
          checked,
        );
      checked += 1;
      previousHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (rows.length < PAGE) break;
  }
  const beyond = [...anchored.keys()].filter((seq) => seq >= expectedSeq).sort((a, b) => a - b)[0];
  if (beyond !== undefined && beyond > headSeq)
    return result(
      {
        seq: expectedSeq,
        entryId: null,
        problem: 'missing',
        detail: `entries ${expectedSeq} to ${beyond} are missing: an anchor reached ${beyond}`,
      },
      checked,
    );
  if (expectedSeq - 1 < headSeq)
    return result(
      {
        seq: expectedSeq,
        entryId: null,
        problem: 'missing',
        detail: `entries ${expectedSeq} to ${headSeq} are missing: the head is at ${headSeq}`,
      },
      checked,
    );
  if (headSeq > 0 && previousHash !== head?.hash)
    return result(
      {
        seq: headSeq,
        entryId: null,
        problem: 'relinked',
        detail: `the head's hash is not the hash of entry ${headSeq}`,
      },
      checked,
    );
  return result(null, checked);
}
