import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditChain, verifyChain, type BrokenLink, type ChainVerification } from '@edubase/audit';
import { systemActor } from '@edubase/auth';
import type { EventEnvelope } from '@edubase/contracts';
import { EventConsumer, OutboxPublisher } from '@edubase/messaging';
import { ServiceAccountToken } from '../common/service-account';
import { GovernanceConfig } from '../governance.config';
import { AuditAnchor, AuditChainCheck } from './audit-chain-records.entity';

/** Anchors sent with a verification: the latest ones (a rewrite before them changes every later hash). */
const ANCHORS_PER_CHECK = 50;

type Outcome = { verification: ChainVerification } | { unreachable: string };

/**
 * Governance keeps every service's anchors (`audit.chain.anchored.v1`) and holds each chain to them: on a
 * timer and on demand it asks each service's `GET /audit/verify` with the anchors it keeps (governance's
 * own chain in-process), stores the outcome, and reports a break it had not reported yet as
 * `governance.audit.chain-broken.v1`, with an entry on its own chain. An anchor that contradicts one already
 * kept (same position, another hash) is a break found without asking the service.
 */
@Injectable()
export class ChainWatch implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChainWatch.name);
  private readonly actor = systemActor('governance.chain-watch');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumer: EventConsumer,
    private readonly outbox: OutboxPublisher,
    private readonly chain: AuditChain,
    private readonly config: GovernanceConfig,
    private readonly serviceAccount: ServiceAccountToken,
  ) {}

  onModuleInit(): void {
    this.consumer.on('audit.chain.anchored.v1', (envelope, manager) => this.keep(envelope, manager));
    const seconds = this.config.GOVERNANCE_CHAIN_VERIFY_SECONDS;
    if (seconds > 0) {
      this.timer = setInterval(
        () => void this.verifyAll().catch((error: Error) => this.logger.warn(error.message)),
        seconds * 1000,
      );
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async keep(envelope: EventEnvelope<'audit.chain.anchored.v1'>, manager: EntityManager): Promise<void> {
    const anchor = envelope.data;
    const known = await manager.findOneBy(AuditAnchor, { service: anchor.service, seq: anchor.seq });
    if (known) {
      if (known.hash !== anchor.hash)
        await this.report(manager, anchor.service, {
          seq: anchor.seq,
          entryId: null,
          problem: 'anchor-mismatch',
          detail: `a new anchor gives entry ${anchor.seq} another hash than the anchor kept since ${known.anchoredAt.toISOString()}: the chain was rewritten`,
        });
      return;
    }
    await manager.insert(AuditAnchor, {
      service: anchor.service,
      seq: anchor.seq,
      hash: anchor.hash,
      previousSeq: anchor.previousSeq,
      anchoredAt: new Date(anchor.anchoredAt),
    });
  }

  /** Every known chain: the configured services, governance's own, and any service that sent anchors. */
  async services(): Promise<string[]> {
    const anchored = (await this.dataSource.query('SELECT DISTINCT service FROM audit_anchor')) as {
      service: string;
    }[];
    return [
      ...new Set([
        this.chain.settings.service,
        ...this.config.auditServices.keys(),
        ...anchored.map((row) => row.service),
      ]),
    ].sort();
  }

  async verifyAll(): Promise<AuditChainCheck[]> {
    const checks: AuditChainCheck[] = [];
    for (const service of await this.services()) checks.push(await this.verify(service));
    return checks;
  }

  async verify(service: string): Promise<AuditChainCheck> {
    const anchors = await this.dataSource.getRepository(AuditAnchor).find({
      where: { service },
      order: { seq: 'DESC' },
      take: ANCHORS_PER_CHECK,
    });
    const outcome = await this.ask(service, anchors);
    return this.dataSource.transaction(async (manager) => {
      const previous = await manager.findOne(AuditChainCheck, {
        where: { service },
        lock: { mode: 'pessimistic_write' },
      });
      const check = manager.create(AuditChainCheck, {
        service,
        verifiedAt: new Date(),
        checkedAnchors: anchors.length,
        reportedBreak: previous?.reportedBreak ?? null,
      });
      if ('unreachable' in outcome) {
        Object.assign(check, {
          status: 'unreachable',
          headSeq: previous?.headSeq ?? null,
          detail: outcome.unreachable.slice(0, 500),
        });
      } else {
        const { verification } = outcome;
        const broken = verification.firstBroken;
        Object.assign(check, {
          status: broken ? 'broken' : 'ok',
          headSeq: verification.head.seq,
          detail: broken ? `${broken.problem}: ${broken.detail}`.slice(0, 500) : null,
        });
        if (!broken) check.reportedBreak = null;
        else if (check.reportedBreak !== breakKey(broken)) {
          await this.report(manager, service, broken);
          check.reportedBreak = breakKey(broken);
        }
      }
      await manager.save(check);
      return check;
    });
  }

  private async ask(service: string, anchors: AuditAnchor[]): Promise<Outcome> {
    const pairs = anchors.map((anchor) => ({ seq: anchor.seq, hash: anchor.hash }));
    if (service === this.chain.settings.service) {
      if (this.chain.enabled) await this.chain.sealNow();
      return { verification: await verifyChain(this.dataSource, service, this.chain.enabled, pairs) };
    }
    const url = this.config.auditServices.get(service);
    if (!url) return { unreachable: `no address for ${service} in GOVERNANCE_AUDIT_SERVICES` };
    const query = pairs.length ? `?anchors=${pairs.map((a) => `${a.seq}:${a.hash}`).join(',')}` : '';
    try {
      return {
        verification: await this.serviceAccount.getJson<ChainVerification>(`${url}/audit/verify${query}`),
      };
    } catch (error) {
      return { unreachable: (error as Error).message };
    }
  }

  /** The break, published and appended to governance's own chain, in the caller's transaction. */
  private async report(manager: EntityManager, service: string, broken: BrokenLink): Promise<void> {
    const verifiedAt = new Date().toISOString();
    await this.outbox.publish(
      manager,
      'governance.audit.chain-broken.v1',
      {
        service,
        seq: broken.seq,
        entryId: broken.entryId,
        problem: broken.problem,
        detail: broken.detail,
        verifiedAt,
      },
      { aggregateKey: `chain:${service}`, actor: this.actor },
    );
    await this.chain.append(manager, [
      {
        actor: this.actor,
        action: 'chain.broken',
        subjectType: 'audit-chain',
        subjectId: service,
        schoolCode: null,
        detail: { ...broken },
      },
    ]);
  }
}

const breakKey = (broken: BrokenLink): string => `${broken.seq}:${broken.problem}`;
