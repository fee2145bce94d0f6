import type { ChangeActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, entryHash, GENESIS_HASH } from './chain-hash';

/** One admin action or sensitive-data read, as a service appends it. */
export interface AuditChainRecord {
  actor: ChangeActor;
  /** e.g. person.update, trace.by-ip */
  action: string;
  subjectType: string;
  subjectId: string | null;
  schoolCode: string | null;
  /** What happened in detail (before/after, a lookup's query and 案由); stored as canonical JSON. */
  detail?: object | null;
  occurredAt?: Date;
}

export interface AuditChainSettings {
  /** The service's name: the anchor's `service` and the envelope's source. */
  service: string;
  enabled: boolean;
  /** How long after an append the sealer runs: appends in between are sealed together. */
  sealDelayMs: number;
  /** The sealer also sweeps on this period (entries of another instance, or of a crash). */
  sweepIntervalMs: number;
  /** Minimum time between two anchors; an anchor is published only when the chain grew. */
  anchorIntervalMs: number;
}

interface UnsealedRow {
  id: string;
  occurred_at: Date;
  actor_id: string;
  actor_kind: string;
  actor_name: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  school_code: string | null;
  detail: string | null;
}

/** Entries sealed per transaction: the head's lock is held for one batch, not for a backlog. */
const SEAL_BATCH = 1000;
/** Rows per multi-row INSERT of appends. */
const APPEND_CHUNK = 500;

/**
 * The service's tamper-evident audit chain. Writers append unsealed entries in their own transaction (one
 * multi-row INSERT, no lock shared with other writers); the sealer, behind them, numbers the committed
 * entries and links each to its predecessor by SHA-256 while holding the one head row's lock, and
 * publishes an anchor (head position and hash) now and then through the outbox.
 */
export class AuditChain {
  private sealing: Promise<void> = Promise.resolve();
  private sealTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher | null,
    readonly settings: AuditChainSettings,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** Appends in the caller's transaction (`manager`): the entries commit or roll back with the change. */
  async append(manager: EntityManager, records: readonly AuditChainRecord[]): Promise<void> {
    if (!this.settings.enabled || records.length === 0) return;
    const now = new Date();
    for (let start = 0; start < records.length; start += APPEND_CHUNK)
      await manager.query(
        'INSERT INTO audit_chain_entry (occurred_at, actor_id, actor_kind, actor_name, action, subject_type, subject_id, school_code, detail) VALUES ?',
        [
          records
            .slice(start, start + APPEND_CHUNK)
            .map((record) => [
              record.occurredAt ?? now,
              record.actor.id,
              record.actor.kind,
              record.actor.name,
              record.action,
              record.subjectType,
              record.subjectId,
              record.schoolCode,
              record.detail === undefined || record.detail === null ? null : canonicalJson(record.detail),
            ]),
        ],
      );
    this.scheduleSeal();
  }

  start(): void {
    if (!this.settings.enabled) return;
    this.stopped = false;
    this.sweepTimer = setInterval(() => this.scheduleSeal(0), this.settings.sweepIntervalMs);
    this.sweepTimer.unref();
    this.scheduleSeal(0);
  }

  /** Stops the timers and waits for a running seal. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.sealTimer);
    this.sealTimer = undefined;
    await this.sealing;
  }

  private scheduleSeal(delayMs = this.settings.sealDelayMs): void {
    if (this.stopped || this.sealTimer) return;
    this.sealTimer = setTimeout(() => {
      this.sealTimer = undefined;
      void this.sealNow().catch(() => undefined);
    }, delayMs);
    this.sealTimer.unref();
  }

  /**
   * Seals every committed entry now, then anchors when due; returns the head. One seal at a time per
   * process; between processes, the head row's lock.
   */
  sealNow(options: { anchor?: 'when-due' | 'now' } = {}): Promise<{ seq: number; hash: string }> {
    const run = this.sealing.then(() => this.sealAll(options.anchor ?? 'when-due'));
    this.sealing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async sealAll(anchor: 'when-due' | 'now'): Promise<{ seq: number; hash: string }> {
    for (;;) {
      const { sealed, head } = await this.dataSource.transaction((manager) =>
        this.sealBatch(manager, anchor),
      );
      if (sealed < SEAL_BATCH) return head;
    }
  }

  private async sealBatch(
    manager: EntityManager,
    anchor: 'when-due' | 'now',
  ): Promise<{ sealed: number; head: { seq: number; hash: string } }> {
    const [head] = (await manager.query(
      'SELECT seq, hash, anchored_seq, anchored_at FROM audit_chain_head WHERE id = 1 FOR UPDATE',
    )) as { seq: string; hash: string; anchored_seq: string; anchored_at: Date | null }[];
    if (!head) throw new Error('audit_chain_head has no row: the audit chain migration did not run');
    const rows = (await manager.query(
      `SELECT id, occurred_at, actor_id, actor_kind, actor_name, action, subject_type, subject_id, school_code, detail
         FROM audit_chain_entry WHERE seq IS NULL ORDER BY id LIMIT ${SEAL_BATCH}`,
    )) as UnsealedRow[];
    let seq = Number(head.seq);
    let hash = head.hash || GENESIS_HASH;
    const sealed: [string, number, string, string][] = [];
    for (const row of rows) {
      seq += 1;
      const next = entryHash({
        seq: String(seq),
        prevHash: hash,
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
      sealed.push([row.id, seq, hash, next]);
      hash = next;
    }
    if (sealed.length > 0) {
      // One statement for the batch: each row's id is its key, so only its seal columns change.
      await manager.query(
        `UPDATE audit_chain_entry e JOIN (${sealed.map(() => 'SELECT ? AS id, ? AS seq, ? AS prev_hash, ? AS hash').join(' UNION ALL ')}) s
            ON s.id = e.id SET e.seq = s.seq, e.prev_hash = s.prev_hash, e.hash = s.hash`,
        sealed.flat(),
      );
      await manager.query('UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1', [seq, hash]);
    }
    const anchoredSeq = Number(head.anchored_seq);
    const due =
      anchor === 'now' ||
      head.anchored_at === null ||
      Date.now() - head.anchored_at.getTime() >= this.settings.anchorIntervalMs;
    if (seq > anchoredSeq && due && sealed.length < SEAL_BATCH) {
      await this.publishAnchor(manager, seq, hash, anchoredSeq);
    }
    return { sealed: sealed.length, head: { seq, hash } };
  }

  private async publishAnchor(manager: EntityManager, seq: number, hash: string, previousSeq: number) {
    const anchoredAt = new Date();
    if (this.outbox)
      await this.outbox.publish(
        manager,
        'audit.chain.anchored.v1',
        { service: this.settings.service, seq, hash, previousSeq, anchoredAt: anchoredAt.toISOString() },
        { aggregateKey: this.settings.service, occurredAt: anchoredAt },
      );
    await manager.query('UPDATE audit_chain_head SET anchored_seq = ?, anchored_at = ? WHERE id = 1', [
      seq,
      anchoredAt,
    ]);
  }
}
