import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import type { ChangeActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { Clock } from '../common/clock';
import { fieldProblem, fieldProblems } from '../common/field-problem';
import { InformationSystem } from '../information-systems/information-system.entity';
import { AuditPreparation } from './audit-preparation';
import { completionProblems, emptyChecklist, mergeAnswers } from './checklist';
import type { AddFindingDto, MinorsAuditQueryDto, UpdateChecklistDto } from './minors-audit.dto';
import type { RectificationStatus } from '@edubase/contracts';
import { ComplianceFinding, MinorsPiAudit } from './minors-audit.entities';

export interface AuditWithContext {
  audit: MinorsPiAudit;
  system: InformationSystem;
  findings: ComplianceFinding[];
}

/**
 * 未成年人个人信息保护合规审计: opened per system and year pre-filled from the catalog and the audit chain,
 * answered, its findings and rectification kept, completed. Every action is on governance's audit chain
 * and every change of findings or status is announced whole (`governance.minors-audit.changed.v1`), in the
 * write's transaction.
 */
@Injectable()
export class MinorsAuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly preparation: AuditPreparation,
    private readonly outbox: OutboxPublisher,
    private readonly chain: AuditChain,
    private readonly clock: Clock,
  ) {}

  async system(id: string): Promise<InformationSystem> {
    const system = await this.dataSource.getRepository(InformationSystem).findOneBy({ id });
    if (!system) throw fieldProblem('systemId', `no information system ${id}`);
    return system;
  }

  async list(
    owners: readonly string[] | undefined,
    query: MinorsAuditQueryDto,
  ): Promise<[AuditWithContext[], number]> {
    if (owners?.length === 0) return [[], 0];
    const [audits, total] = await this.dataSource.getRepository(MinorsPiAudit).findAndCount({
      where: {
        ...(owners ? { schoolCode: In([...owners]) } : {}),
        ...(query.year ? { year: query.year } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
      order: { year: 'DESC', createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return [await this.withContext(audits), total];
  }

  async get(id: string): Promise<AuditWithContext> {
    const audit = await this.dataSource.getRepository(MinorsPiAudit).findOneBy({ id });
    if (!audit) throw new NotFoundException(`No minors' PI audit ${id}.`);
    return (await this.withContext([audit]))[0]!;
  }

  /** A new draft; a second audit of the same system and year is a 409, a future year a 400. */
  async open(system: InformationSystem, year: number, actor: ChangeActor): Promise<MinorsPiAudit> {
    if (year > Number(this.clock.today().slice(0, 4))) throw fieldProblem('year', 'is in the future');
    const readers = await this.preparation.readers(system, year);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(MinorsPiAudit, {
        where: { systemId: system.id, year },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing) throw new ConflictException(`The ${year} audit of this system exists: ${existing.id}.`);
      const audit = manager.create(MinorsPiAudit, {
        id: randomUUID(),
        systemId: system.id,
        schoolCode: system.schoolCode,
        year,
        status: 'draft',
        datasets: await this.preparation.datasets(manager, system.id),
        readers,
        checklist: emptyChecklist(),
        preparedAt: this.clock.now(),
        openedBy: actor.name.slice(0, 64),
        completedBy: null,
        completedOn: null,
      });
      await manager.insert(MinorsPiAudit, audit);
      await this.record(manager, actor, 'minors-audit.open', audit, {
        systemId: system.id,
        year,
        minorPiFields: audit.datasets.reduce((sum, dataset) => sum + dataset.fields.length, 0),
        readers: readers.source,
      });
      await this.announce(manager, audit, actor);
      return audit;
    });
  }

  /** The catalog and the readers read again into a draft; stated retentions are kept. */
  async refresh(id: string, actor: ChangeActor): Promise<void> {
    const { audit, system } = await this.get(id);
    const readers = await this.preparation.readers(system, audit.year);
    await this.draftChange(id, async (manager, locked) => {
      locked.datasets = await this.preparation.datasets(manager, locked.systemId, locked.datasets);
      locked.readers = readers;
      locked.preparedAt = this.clock.now();
      await manager.save(locked);
      await this.record(manager, actor, 'minors-audit.refresh', locked, { readers: readers.source });
    });
  }

  /** Checklist answers and datasets' retention; a dataset not in the audit is a 400 naming `retention`. */
  async answer(id: string, input: UpdateChecklistDto, actor: ChangeActor): Promise<void> {
    await this.draftChange(id, async (manager, audit) => {
      const retention = input.retention ?? [];
      const unknown = retention.filter(
        (entry) => !audit.datasets.some((d) => d.datasetId === entry.datasetId),
      );
      if (unknown.length > 0)
        throw fieldProblem(
          'retention',
          `not a dataset of this audit: ${unknown.map((e) => e.datasetId).join(', ')}`,
        );
      const answers = (input.checklist ?? []).map((entry) => ({
        key: entry.key,
        answer: entry.answer,
        note: entry.note ?? null,
      }));
      audit.checklist = mergeAnswers(audit.checklist, answers);
      audit.datasets = audit.datasets.map((dataset) => ({
        ...dataset,
        retention:
          retention.find((entry) => entry.datasetId === dataset.datasetId)?.retention ?? dataset.retention,
      }));
      await manager.save(audit);
      await this.record(manager, actor, 'minors-audit.answer', audit, { checklist: answers, retention });
    });
  }

  async addFinding(id: string, input: AddFindingDto, actor: ChangeActor): Promise<ComplianceFinding> {
    let added: ComplianceFinding | undefined;
    await this.draftChange(id, async (manager, audit) => {
      added = manager.create(ComplianceFinding, {
        id: randomUUID(),
        auditId: audit.id,
        schoolCode: audit.schoolCode,
        checklistKey: input.checklistKey ?? null,
        description: input.description,
        rectification: input.rectification,
        owner: input.owner,
        dueOn: input.dueOn,
        status: 'open',
        closedOn: null,
      });
      await manager.insert(ComplianceFinding, added);
      await this.record(manager, actor, 'minors-audit.finding.add', audit, {
        findingId: added.id,
        checklistKey: added.checklistKey,
        owner: added.owner,
        dueOn: added.dueOn,
      });
      await this.announce(manager, audit, actor);
    });
    return added!;
  }

  /** A rectification done or reopened, in a draft or a completed audit alike. */
  async setFindingStatus(id: string, findingId: string, status: RectificationStatus, actor: ChangeActor) {
    return this.dataSource.transaction(async (manager) => {
      const audit = await this.locked(manager, id);
      const finding = await manager.findOneBy(ComplianceFinding, { id: findingId, auditId: id });
      if (!finding) throw new NotFoundException(`No finding ${findingId} in audit ${id}.`);
      if (finding.status === status) return finding;
      finding.status = status;
      finding.closedOn = status === 'done' ? this.clock.today() : null;
      await manager.save(finding);
      await this.record(
        manager,
        actor,
        `minors-audit.finding.${status === 'done' ? 'close' : 'reopen'}`,
        audit,
        {
          findingId,
        },
      );
      await this.announce(manager, audit, actor);
      return finding;
    });
  }

  /** Completed once every item is answered and every dataset's retention stated (else 400 naming them). */
  async complete(id: string, actor: ChangeActor): Promise<void> {
    await this.draftChange(id, async (manager, audit) => {
      const problems = completionProblems(audit.checklist, audit.datasets);
      if (problems.length > 0) throw fieldProblems(problems);
      audit.status = 'completed';
      audit.completedBy = actor.name.slice(0, 64);
      audit.completedOn = this.clock.today();
      await manager.save(audit);
      await this.record(manager, actor, 'minors-audit.complete', audit, {});
      await this.announce(manager, audit, actor);
    });
  }

  /** Downloading the report is on the chain too: it carries the minors' PI inventory and its readers. */
  recordReport(audit: MinorsPiAudit, format: 'xlsx' | 'html', actor: ChangeActor): Promise<void> {
    return this.dataSource.transaction((manager) =>
      this.record(manager, actor, 'minors-audit.report', audit, { format }),
    );
  }

  private async draftChange(
    id: string,
    change: (manager: EntityManager, audit: MinorsPiAudit) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const audit = await this.locked(manager, id);
      if (audit.status !== 'draft') throw new ConflictException(`Audit ${id} is completed.`);
      await change(manager, audit);
    });
  }

  private async locked(manager: EntityManager, id: string): Promise<MinorsPiAudit> {
    const audit = await manager.findOne(MinorsPiAudit, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!audit) throw new NotFoundException(`No minors' PI audit ${id}.`);
    return audit;
  }

  private async announce(manager: EntityManager, audit: MinorsPiAudit, actor: ChangeActor): Promise<void> {
    const findings = await manager.findBy(ComplianceFinding, { auditId: audit.id });
    await this.outbox.publish(
      manager,
      'governance.minors-audit.changed.v1',
      {
        auditId: audit.id,
        systemId: audit.systemId,
        schoolCode: audit.schoolCode,
        year: audit.year,
        status: audit.status,
        findings: findings.length,
        openFindings: findings.filter((finding) => finding.status === 'open').length,
      },
      {
        aggregateKey: `minors-audit:${audit.id}`,
        ...(audit.schoolCode ? { schoolCode: audit.schoolCode } : {}),
        actor,
      },
    );
  }

  private record(
    manager: EntityManager,
    actor: ChangeActor,
    action: string,
    audit: MinorsPiAudit,
    detail: object,
  ): Promise<void> {
    return this.chain.append(manager, [
      {
        actor,
        action,
        subjectType: 'minors-pi-audit',
        subjectId: audit.id,
        schoolCode: audit.schoolCode,
        detail: { systemId: audit.systemId, year: audit.year, ...detail },
      },
    ]);
  }

  private async withContext(audits: MinorsPiAudit[]): Promise<AuditWithContext[]> {
    if (audits.length === 0) return [];
    const systems = await this.dataSource
      .getRepository(InformationSystem)
      .findBy({ id: In([...new Set(audits.map((audit) => audit.systemId))]) });
    const findings = await this.dataSource.getRepository(ComplianceFinding).find({
      where: { auditId: In(audits.map((audit) => audit.id)) },
      order: { dueOn: 'ASC', createdAt: 'ASC' },
    });
    return audits.map((audit) => ({
      audit,
      system: systems.find((system) => system.id === audit.systemId)!,
      findings: findings.filter((finding) => finding.auditId === audit.id),
    }));
  }
}
