import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { OutboxPublisher } from '@edubase/messaging';
import { SessionEntity } from '../database/session.entity';
import { TerminalEntity } from '../database/terminal.entity';
import { NetworkAccessConfig } from '../network-access.config';
import { PersonDirectoryService } from '../people/person-directory.service';
import { AcctStatus } from '../radius';
import type { RadiusClient } from '../server/radius-server';
import { GroupCommitter } from '../shared/group-commit';
import { AccountingRecord } from './accounting-record';

type LedgerOperation =
  { kind: 'accounting'; nas: RadiusClient; record: AccountingRecord } | { kind: 'close-stale'; now: Date };

/**
 * The session ledger. Every change goes through one group committer, so accounting packets, stale
 * sweeps and NAS reboots are applied in order, and an Accounting-Response is sent only after the
 * transaction holding its change (and its outbox events) committed.
 */
@Injectable()
export class SessionLedgerService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SessionLedger');
  private readonly committer: GroupCommitter<LedgerOperation, number>;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly config: NetworkAccessConfig,
    private readonly people: PersonDirectoryService,
  ) {
    this.committer = new GroupCommitter(dataSource, (manager, operation) => this.apply(manager, operation), {
      maxBatch: 500,
      onError: (error) => this.logger.error(`session ledger write failed: ${String(error)}`),
    });
  }

  onModuleInit(): void {
    const seconds = this.config.STALE_SWEEP_INTERVAL_SECONDS;
    if (seconds > 0) {
      this.sweepTimer = setInterval(() => {
        this.closeStale(new Date()).catch((error: Error) =>
          this.logger.warn(`stale sweep failed: ${error.message}`),
        );
      }, seconds * 1000);
      this.sweepTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.committer.whenIdle();
  }

  /** Resolves once the record is durable. */
  async record(nas: RadiusClient, record: AccountingRecord): Promise<void> {
    await this.committer.submit({ kind: 'accounting', nas, record });
  }

  /** Closes sessions with no interim update for twice their interval; returns how many. */
  closeStale(now: Date): Promise<number> {
    return this.committer.submit({ kind: 'close-stale', now });
  }

  private async apply(manager: EntityManager, operation: LedgerOperation): Promise<number> {
    switch (operation.kind) {
      case 'accounting':
        return this.applyAccounting(manager, operation.nas, operation.record);
      case 'close-stale':
        return this.applyCloseStale(manager, operation.now);
    }
  }

  private async applyAccounting(
    manager: EntityManager,
    nas: RadiusClient,
    record: AccountingRecord,
  ): Promise<number> {
    switch (record.statusType) {
      case AcctStatus.AccountingOn:
      case AcctStatus.AccountingOff:
        // The NAS (re)booted or is going down: none of its sessions survive (RFC 2866 §5.1).
        return this.closeOpenSessionsOfNas(
          manager,
          nas,
          record.eventAt,
          record.terminateCause ??
            (record.statusType === AcctStatus.AccountingOn ? 'NAS-Reboot' : 'NAS-Request'),
        );
      case AcctStatus.Start:
      case AcctStatus.InterimUpdate:
      case AcctStatus.Stop:
        if (record.acctSessionId === '' || record.username === '') return 0; // nothing to attribute it to
        return this.applySessionRecord(manager, nas, record);
      default:
        return 0; // Tunnel-* and vendor status types are acknowledged, not stored
    }
  }

  private async applySessionRecord(
    manager: EntityManager,
    nas: RadiusClient,
    record: AccountingRecord,
  ): Promise<number> {
    const repository = manager.getRepository(SessionEntity);
    const open = await repository.findOne({
      where: { nasId: nas.id, acctSessionId: record.acctSessionId, stoppedAt: IsNull() },
      order: { startedAt: 'DESC' },
    });
    if (open) {
      open.lastUpdateAt = record.eventAt;
      open.sessionTime = Math.max(open.sessionTime, record.sessionTime);
      open.inputOctets = String(Math.max(Number(open.inputOctets), record.inputOctets));
      open.outputOctets = String(Math.max(Number(open.outputOctets), record.outputOctets));
      open.framedIp = record.framedIp ?? open.framedIp;
      open.macAddress = record.macAddress ?? open.macAddress;
      open.interimInterval = record.interimInterval ?? open.interimInterval;
      if (record.statusType === AcctStatus.Stop) {
        open.stoppedAt = record.eventAt;
        open.terminateCause = record.terminateCause ?? 'User-Request';
      }
      await this.persist(manager, open);
      if (open.stoppedAt) await this.publishStopped(manager, open, nas);
      return 1;
    }
    if (record.statusType === AcctStatus.Stop || record.statusType === AcctStatus.InterimUpdate) {
      // A retransmitted Stop of a session already closed is acknowledged again, not stored twice.
      const closed = await repository.findOne({
        where: { nasId: nas.id, acctSessionId: record.acctSessionId },
        order: { startedAt: 'DESC' },
      });
      if (closed?.stoppedAt) return 0;
    }
    // Start, or the first we hear of a session whose Start was lost: reconstruct its start time.
    const session = repository.create({
      startedAt: new Date(record.eventAt.getTime() - record.sessionTime * 1000),
      acctSessionId: record.acctSessionId,
      nasId: nas.id,
      nasIp: nas.ip,
      schoolCode: nas.schoolCode,
      username: record.username,
      ...(await this.attribution(manager, record)),
      macAddress: record.macAddress,
      nasPort: record.nasPort,
      framedIp: record.framedIp,
      stoppedAt: record.statusType === AcctStatus.Stop ? record.eventAt : null,
      lastUpdateAt: record.eventAt,
      interimInterval: record.interimInterval,
      inputOctets: String(record.inputOctets),
      outputOctets: String(record.outputOctets),
      sessionTime: record.sessionTime,
      terminateCause:
        record.statusType === AcctStatus.Stop ? (record.terminateCause ?? 'User-Request') : null,
    });
    await repository.insert(session);
    await this.publishStarted(manager, session, nas);
    if (session.stoppedAt) await this.publishStopped(manager, session, nas);
    return 1;
  }

  private async persist(manager: EntityManager, session: SessionEntity): Promise<void> {
    const { id, startedAt, ...changes } = session;
    await manager.getRepository(SessionEntity).update({ id, startedAt }, changes);
  }

  /** Whose session it is (可管可溯): a person by 工号, else a terminal by device account or MAC. */
  private async attribution(
    manager: EntityManager,
    record: AccountingRecord,
  ): Promise<{ personId: string | null; terminalId: string | null }> {
    // Through the directory's cache: a person id never changes, so a cached lookup attributes as well.
    const person = await this.people.findByStaffNo(record.username);
    if (person) return { personId: person.personId, terminalId: null };
    const terminals = manager.getRepository(TerminalEntity);
    const terminal =
      (await terminals.findOne({ where: { accountName: record.username }, select: { id: true } })) ??
      (record.macAddress
        ? await terminals.findOne({ where: { macAddress: record.macAddress }, select: { id: true } })
        : null);
    return { personId: null, terminalId: terminal?.id ?? null };
  }

  private async closeOpenSessionsOfNas(
    manager: EntityManager,
    nas: RadiusClient,
    at: Date,
    cause: string,
  ): Promise<number> {
    const open = await manager
      .getRepository(SessionEntity)
      .find({ where: { nasId: nas.id, stoppedAt: IsNull() } });
    for (const session of open) {
      session.stoppedAt = at < session.startedAt ? session.startedAt : at;
      session.terminateCause = cause;
      await this.persist(manager, session);
      await this.publishStopped(manager, session, nas);
    }
    return open.length;
  }

  private async applyCloseStale(manager: EntityManager, now: Date): Promise<number> {
    const fallback = this.config.DEFAULT_INTERIM_INTERVAL_SECONDS;
    const stale: SessionEntity[] = await manager
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .where('session.stopped_at IS NULL')
      .andWhere(
        'session.last_update_at < DATE_SUB(:now, INTERVAL 2 * COALESCE(session.interim_interval, :fallback) SECOND)',
        { now, fallback },
      )
      .limit(1000)
      .getMany();
    for (const session of stale) {
      // The session ended some time after we last heard of it; the last word is the best bound we have.
      session.stoppedAt = session.lastUpdateAt;
      session.terminateCause = 'stale';
      await this.persist(manager, session);
      await this.publishStopped(manager, session, {
        id: session.nasId,
        ip: session.nasIp,
        schoolCode: session.schoolCode,
      });
    }
    return stale.length;
  }

  private async publishStarted(
    manager: EntityManager,
    session: SessionEntity,
    nas: Pick<RadiusClient, 'id' | 'ip'>,
  ): Promise<void> {
    await this.outbox.publish(
      manager,
      'netaccess.session.started.v1',
      {
        sessionId: String(session.id),
        username: session.username,
        personId: session.personId,
        terminalId: session.terminalId,
        macAddress: session.macAddress,
        nasId: nas.id,
        nasIp: nas.ip,
        nasPort: session.nasPort,
        framedIp: session.framedIp,
        startedAt: session.startedAt.toISOString(),
      },
      {
        aggregateKey: `${nas.id}:${session.acctSessionId}`,
        schoolCode: session.schoolCode,
        occurredAt: session.startedAt,
      },
    );
  }

  private async publishStopped(
    manager: EntityManager,
    session: SessionEntity,
    nas: Pick<RadiusClient, 'id' | 'ip' | 'schoolCode'>,
  ): Promise<void> {
    await this.outbox.publish(
      manager,
      'netaccess.session.stopped.v1',
      {
        sessionId: String(session.id),
        username: session.username,
        personId: session.personId,
        macAddress: session.macAddress,
        nasId: nas.id,
        framedIp: session.framedIp,
        startedAt: session.startedAt.toISOString(),
        stoppedAt: session.stoppedAt!.toISOString(),
        inputOctets: Number(session.inputOctets),
        outputOctets: Number(session.outputOctets),
        terminateCause: session.terminateCause ?? 'unknown',
      },
      {
        aggregateKey: `${nas.id}:${session.acctSessionId}`,
        schoolCode: nas.schoolCode,
        occurredAt: session.stoppedAt!,
      },
    );
  }
}
