import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxPublisher } from '@edubase/messaging';
import { runOnceAcrossInstances } from '@edubase/persistence';
import type { UninstrumentedRequestSpan } from '@edubase/telemetry';
import { NetworkAccessConfig } from '../network-access.config';
import { PersonDirectoryService } from '../people/person-directory.service';
import { AcctStatus } from '../radius';
import type { RadiusClient } from '../server/radius-server';
import { accountingRequestSpan } from '../server/radius-request-span';
import { GroupCommitter } from '../shared/group-commit';
import { AccountingRecord } from './accounting-record';
import { OpenSessionIndex } from './open-session-index';
import { publishSessionEvents, SessionEvent } from './session-events';
import {
  copySession,
  insertNewSessions,
  latestSessionsOf,
  lockOpenSessions,
  openSessionsOfNas,
  SessionRow,
  staleSessions,
  terminalsFor,
  updateSessions,
} from './session-store';

/** `receivedAt`: the RADIUS datagram's arrival, when the record came from one (its events are then traced). */
type SessionOperation = {
  kind: 'accounting';
  nas: RadiusClient;
  record: AccountingRecord;
  receivedAt?: Date;
};

export type LedgerOperation = SessionOperation | { kind: 'close-stale'; now: Date };

/** What one transaction writes and publishes; sessions get their ids on insert, so events are built last. */
interface BatchWork {
  /** The session changes of the current run of Start/Interim/Stop records, applied at the next barrier. */
  inserts: SessionRow[];
  updates: Set<SessionRow>;
  /** Events in the order they happened; payloads are snapshots taken then, the id is filled in at publish. */
  events: SessionEvent[];
  /** Every session row this transaction wrote, by session key: the open-session index learns them on commit. */
  written: Map<string, SessionRow>;
  /** The span of each RADIUS request with events, made when its first event is: ended once they are written. */
  requestSpans: Map<SessionOperation, UninstrumentedRequestSpan>;
}

/** The span of the request behind an operation's events; none for records that did not come from RADIUS. */
function requestSpanOf(operation: SessionOperation, work: BatchWork): UninstrumentedRequestSpan | undefined {
  if (!operation.receivedAt) return undefined;
  let span = work.requestSpans.get(operation);
  if (!span) {
    span = accountingRequestSpan(operation.nas, operation.record.statusType, operation.receivedAt);
    work.requestSpans.set(operation, span);
  }
  return span;
}

/** A Start this long before a closed session's end and after its start is that session's late Start. */
function isLateStartOf(closed: SessionRow, record: AccountingRecord): boolean {
  return (
    closed.stoppedAt !== null &&
    record.eventAt.getTime() >= closed.startedAt.getTime() &&
    record.eventAt.getTime() <= closed.stoppedAt.getTime()
  );
}

function sessionKey(nasId: string, acctSessionId: string): string {
  return `${nasId}\u0000${acctSessionId}`;
}

/**
 * The session ledger. Every change goes through one group committer, so accounting packets, stale sweeps
 * and NAS reboots are applied in arrival order, and an Accounting-Response is sent only after the
 * transaction holding its change (and its outbox events) committed.
 *
 * A batch costs a constant number of statements whatever its size: the Start/Interim/Stop records between
 * two barriers (Accounting-On/Off, stale sweep — rare) are merged in memory against the open sessions this
 * instance wrote (the open-session index; a copy a Stop closes is first re-read by primary key, since another
 * instance may have closed it) and ONE SELECT of the others they touch, then written with one
 * multi-row INSERT … RETURNING (new sessions) and one multi-row INSERT … ON DUPLICATE KEY UPDATE by primary
 * key (changed ones); the outbox gets one INSERT per topic.
 */
@Injectable()
export class SessionLedgerService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SessionLedger');
  private readonly committer: GroupCommitter<LedgerOperation, number>;
  private readonly openSessions: OpenSessionIndex;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly config: NetworkAccessConfig,
    private readonly people: PersonDirectoryService,
  ) {
    this.openSessions = new OpenSessionIndex(config.OPEN_SESSION_INDEX_SIZE);
    this.committer = new GroupCommitter(
      dataSource,
      (manager, operations, afterCommit) => this.applyBatch(manager, operations, afterCommit),
      {
        maxBatch: 500,
        // Up to four batches at once: while one commits (its fsync) the next ones are merged and written,
        // as long as they touch none of its sessions; NAS reboots and the stale sweep run alone. Measured
        // with 256 requests outstanding: about 20% more than two.
        maxInFlight: 4,
        conflictKeys: ledgerConflictKeys,
        onError: (error) => this.logger.error(`session ledger write failed: ${String(error)}`),
        onRollback: () => this.openSessions.clear(),
      },
    );
  }

  onModuleInit(): void {
    const seconds = this.config.STALE_SWEEP_INTERVAL_SECONDS;
    if (seconds > 0) {
      this.sweepTimer = setInterval(() => {
        // One replica at a time: two sweeps reading the same stale sessions would each publish their stop.
        runOnceAcrossInstances(this.dataSource, 'stale-session-sweep', () =>
          this.closeStale(new Date()),
        ).catch((error: Error) => this.logger.warn(`stale sweep failed: ${error.message}`));
      }, seconds * 1000);
      this.sweepTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.committer.whenIdle();
  }

  /** Resolves once the record is durable. `receivedAt`: when its RADIUS datagram arrived (traces its events). */
  async record(nas: RadiusClient, record: AccountingRecord, receivedAt?: Date): Promise<void> {
    await this.committer.submit({ kind: 'accounting', nas, record, receivedAt });
  }

  /** Closes sessions with no interim update for twice their interval; returns how many. */
  closeStale(now: Date): Promise<number> {
    return this.committer.submit({ kind: 'close-stale', now });
  }

  /**
   * One transaction: runs of session records merged and written together, barriers applied in between.
   * Without `afterCommit` (a caller running its own transaction) the open-session index learns nothing.
   */
  async applyBatch(
    manager: EntityManager,
    operations: readonly LedgerOperation[],
    afterCommit?: (callback: () => void) => void,
  ): Promise<number[]> {
    const work: BatchWork = {
      inserts: [],
      updates: new Set(),
      events: [],
      written: new Map(),
      requestSpans: new Map(),
    };
    try {
      const results = await this.applyOperations(manager, operations, work);
      for (const span of work.requestSpans.values()) span.end();
      afterCommit?.(() => {
        for (const [key, row] of work.written) this.openSessions.remember(key, row);
      });
      return results;
    } catch (error) {
      for (const span of work.requestSpans.values()) span.end(error);
      throw error;
    }
  }

  private async applyOperations(
    manager: EntityManager,
    operations: readonly LedgerOperation[],
    work: BatchWork,
  ): Promise<number[]> {
    const results = new Array<number>(operations.length).fill(0);
    let run: number[] = [];
    for (const [index, operation] of operations.entries()) {
      if (operation.kind === 'accounting' && isSessionRecord(operation.record)) {
        run.push(index);
        continue;
      }
      await this.applyRun(manager, operations, run, results, work);
      run = [];
      results[index] =
        operation.kind === 'close-stale'
          ? await this.closeStaleSessions(manager, operation.now, work)
          : await this.applyNasStatus(manager, operation, work);
      await this.write(manager, work);
    }
    await this.applyRun(manager, operations, run, results, work);
    await publishSessionEvents(this.outbox, manager, work.events);
    return results;
  }

  /** Merges a run of Start/Interim/Stop records against the sessions they touch, in arrival order. */
  private async applyRun(
    manager: EntityManager,
    operations: readonly LedgerOperation[],
    run: readonly number[],
    results: number[],
    work: BatchWork,
  ): Promise<void> {
    if (run.length === 0) return;
    const records = run.map((index) => operations[index] as SessionOperation);
    // Sessions this instance has open come from the index; the database is asked about the others only.
    const current = new Map<string, SessionRow>();
    const unknown: Array<{ nasId: string; acctSessionId: string }> = [];
    const closing = new Set<string>();
    for (const { nas, record } of records) {
      const key = sessionKey(nas.id, record.acctSessionId);
      if (record.statusType === AcctStatus.Stop) closing.add(key);
      if (current.has(key)) continue;
      const known = this.openSessions.checkout(key);
      if (known) current.set(key, known);
      else unknown.push({ nasId: nas.id, acctSessionId: record.acctSessionId });
    }
    // A copy is only what this instance last wrote: with several instances a Stop (or the stale sweep) may
    // have closed the session through another since. Before a copy closes it, its row is read again by
    // primary key and locked; one closed meanwhile is decided by the database, so it publishes no second stop.
    const copiesToClose = [...current].filter(([key]) => closing.has(key));
    const stillOpen = await lockOpenSessions(
      manager,
      copiesToClose.map(([, row]) => row),
    );
    for (const [key, row] of copiesToClose) {
      if (stillOpen.has(row.id!)) continue;
      current.delete(key);
      unknown.push({ nasId: row.nasId, acctSessionId: row.acctSessionId });
    }
    for (const [key, row] of await latestSessionsOf(manager, unknown)) current.set(key, row);
    const created: SessionRow[] = [];
    for (const [position, operation] of records.entries()) {
      const { nas, record } = operation;
      if (record.acctSessionId === '' || record.username === '') continue; // nothing to attribute it to
      const key = sessionKey(nas.id, record.acctSessionId);
      const session = current.get(key);
      if (session && session.stoppedAt === null) {
        mergeInto(session, record);
        if (session.id !== null) work.updates.add(session);
        if (session.stoppedAt) {
          const request = requestSpanOf(operation, work);
          work.events.push({ topic: 'stopped', row: session, snapshot: copySession(session), request });
        }
        results[run[position]!] = 1;
        continue;
      }
      // A retransmitted Stop (or an Interim) of a session already closed is acknowledged again, not stored;
      // so is a Start that arrives after its own session's Stop.
      if (session && record.statusType !== AcctStatus.Start) continue;
      if (session && isLateStartOf(session, record)) continue;
      // Start, or the first we hear of a session whose Start was lost: reconstruct its start time.
      const row = newSession(nas, record);
      current.set(key, row);
      created.push(row);
      work.inserts.push(row);
      const request = requestSpanOf(operation, work);
      work.events.push({ topic: 'started', row, snapshot: copySession(row), request });
      if (row.stoppedAt) work.events.push({ topic: 'stopped', row, snapshot: copySession(row), request });
      results[run[position]!] = 1;
    }
    await this.attribute(manager, created);
    await this.write(manager, work);
  }

  /** Whose sessions they are (可管可溯): a person by 工号, else a terminal by device account or MAC. */
  private async attribute(manager: EntityManager, sessions: readonly SessionRow[]): Promise<void> {
    if (sessions.length === 0) return;
    // Through the directory's cache (a person id never changes, so a cached lookup attributes as well);
    // the misses of the whole batch cost one query.
    const people = await this.people.findManyByStaffNo(sessions.map((session) => session.username));
    const unattributed: SessionRow[] = [];
    for (const session of sessions) {
      const person = people.get(session.username);
      if (person) session.personId = person.personId;
      else unattributed.push(session);
    }
    if (unattributed.length === 0) return;
    const terminals = await terminalsFor(
      manager,
      unattributed.map((session) => session.username),
      unattributed.flatMap((session) => (session.macAddress ? [session.macAddress] : [])),
    );
    for (const session of unattributed) {
      session.terminalId =
        terminals.byAccount.get(session.username.toLowerCase()) ??
        (session.macAddress ? terminals.byMac.get(session.macAddress) : undefined) ??
        null;
    }
  }

  /** Accounting-On/Off: the NAS (re)booted or is going down; none of its sessions survive (RFC 2866 §5.1). */
  private async applyNasStatus(
    manager: EntityManager,
    operation: SessionOperation,
    work: BatchWork,
  ): Promise<number> {
    const { nas, record } = operation;
    if (record.statusType !== AcctStatus.AccountingOn && record.statusType !== AcctStatus.AccountingOff) {
      return 0; // Tunnel-* and vendor status types are acknowledged, not stored
    }
    const cause =
      record.terminateCause ?? (record.statusType === AcctStatus.AccountingOn ? 'NAS-Reboot' : 'NAS-Request');
    const open = await openSessionsOfNas(manager, nas.id);
    for (const session of open) {
      session.stoppedAt = record.eventAt < session.startedAt ? session.startedAt : record.eventAt;
      session.terminateCause = cause;
      work.updates.add(session);
      const request = requestSpanOf(operation, work);
      work.events.push({ topic: 'stopped', row: session, snapshot: copySession(session), request });
    }
    return open.length;
  }

  private async closeStaleSessions(manager: EntityManager, now: Date, work: BatchWork): Promise<number> {
    const stale = await staleSessions(manager, now, this.config.DEFAULT_INTERIM_INTERVAL_SECONDS, 1000);
    for (const session of stale) {
      // The session ended some time after we last heard of it; the last word is the best bound we have.
      session.stoppedAt = session.lastUpdateAt;
      session.terminateCause = 'stale';
      work.updates.add(session);
      work.events.push({ topic: 'stopped', row: session, snapshot: copySession(session) });
    }
    return stale.length;
  }

  private async write(manager: EntityManager, work: BatchWork): Promise<void> {
    for (const row of work.inserts) work.written.set(sessionKey(row.nasId, row.acctSessionId), row);
    for (const row of work.updates) work.written.set(sessionKey(row.nasId, row.acctSessionId), row);
    if (work.inserts.length > 0) {
      await insertNewSessions(manager, work.inserts);
      work.inserts = [];
    }
    if (work.updates.size > 0) {
      await updateSessions(manager, [...work.updates]);
      work.updates.clear();
    }
  }
}

/** A session record holds its session; NAS reboots and the stale sweep touch unknown sessions: barriers. */
function ledgerConflictKeys(operation: LedgerOperation): readonly string[] | null {
  if (operation.kind === 'close-stale' || isNasStatus(operation.record)) return null;
  if (!isSessionRecord(operation.record)) return [];
  return [sessionKey(operation.nas.id, operation.record.acctSessionId)];
}

function isNasStatus(record: AccountingRecord): boolean {
  return record.statusType === AcctStatus.AccountingOn || record.statusType === AcctStatus.AccountingOff;
}

function isSessionRecord(record: AccountingRecord): boolean {
  return (
    record.statusType === AcctStatus.Start ||
    record.statusType === AcctStatus.InterimUpdate ||
    record.statusType === AcctStatus.Stop
  );
}

/** An Interim or Stop (or a repeated Start) of an open session: counters only grow, a Stop closes it. */
function mergeInto(session: SessionRow, record: AccountingRecord): void {
  session.lastUpdateAt = record.eventAt;
  session.sessionTime = Math.max(session.sessionTime, record.sessionTime);
  session.inputOctets = Math.max(session.inputOctets, record.inputOctets);
  session.outputOctets = Math.max(session.outputOctets, record.outputOctets);
  session.framedIp = record.framedIp ?? session.framedIp;
  session.macAddress = record.macAddress ?? session.macAddress;
  session.interimInterval = record.interimInterval ?? session.interimInterval;
  if (record.statusType === AcctStatus.Stop) {
    session.stoppedAt = record.eventAt;
    session.terminateCause = record.terminateCause ?? 'User-Request';
  }
}

function newSession(nas: RadiusClient, record: AccountingRecord): SessionRow {
  const stop = record.statusType === AcctStatus.Stop;
  return {
    id: null,
    startedAt: new Date(record.eventAt.getTime() - record.sessionTime * 1000),
    acctSessionId: record.acctSessionId,
    nasId: nas.id,
    nasIp: nas.ip,
    schoolCode: nas.schoolCode,
    username: record.username,
    personId: null,
    terminalId: null,
    macAddress: record.macAddress,
    nasPort: record.nasPort,
    framedIp: record.framedIp,
    stoppedAt: stop ? record.eventAt : null,
    lastUpdateAt: record.eventAt,
    interimInterval: record.interimInterval,
    inputOctets: record.inputOctets,
    outputOctets: record.outputOctets,
    sessionTime: record.sessionTime,
    terminateCause: stop ? (record.terminateCause ?? 'User-Request') : null,
  };
}
