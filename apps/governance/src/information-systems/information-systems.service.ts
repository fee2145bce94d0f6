import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, LessThan, SelectQueryBuilder } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import type { ChangeActor } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { Clock } from '../common/clock';
import { fieldProblem } from '../common/field-problem';
import { GovernanceConfig } from '../governance.config';
import { dueState, nextAssessmentDue, type DueState } from './assessment-schedule';
import { Assessment, RectificationItem } from './assessment.entity';
import { InformationSystem } from './information-system.entity';
import { OrgUnit } from '../org-units/org-unit.entity';
import type {
  GradeSystemDto,
  RecordAssessmentDto,
  RegisterSystemDto,
  SystemQueryDto,
} from './information-systems.dto';

/** Which owners a list covers: undefined every owner (district systems too), else these schools. */
export type OwnerScope = readonly string[] | undefined;

export interface SystemRow {
  row: InformationSystem;
  due: DueState;
  openRectifications: number;
}

@Injectable()
export class InformationSystemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly clock: Clock,
    private readonly config: GovernanceConfig,
    private readonly chain: AuditChain,
  ) {}

  /** One page of the register, by due date then name, with where each system's assessment stands today. */
  async list(owners: OwnerScope, query: SystemQueryDto): Promise<[SystemRow[], number]> {
    if (owners?.length === 0) return [[], 0];
    const builder = this.dataSource.getRepository(InformationSystem).createQueryBuilder('s');
    if (owners) builder.andWhere('s.schoolCode IN (:...owners)', { owners });
    if (query.protectionLevel !== undefined)
      builder.andWhere('s.protectionLevel = :level', { level: query.protectionLevel });
    if (query.dueStatus) this.whereDue(builder, query.dueStatus);
    const [rows, total] = await builder
      .orderBy('s.nextAssessmentDue IS NULL', 'ASC')
      .addOrderBy('s.nextAssessmentDue', 'ASC')
      .addOrderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return [await this.withState(rows), total];
  }

  /** Overdue and due-soon systems today, soonest first: the reminders the security officer works through. */
  async reminders(owners: OwnerScope): Promise<SystemRow[]> {
    if (owners?.length === 0) return [];
    const horizon = new Date(`${this.clock.today()}T00:00:00Z`);
    horizon.setUTCDate(horizon.getUTCDate() + Math.max(...this.config.reminderDays) + 1);
    const rows = await this.dataSource.getRepository(InformationSystem).find({
      where: {
        nextAssessmentDue: LessThan(horizon.toISOString().slice(0, 10)),
        ...(owners ? { schoolCode: In([...owners]) } : {}),
      },
      order: { nextAssessmentDue: 'ASC', name: 'ASC' },
      take: 1000,
    });
    return this.withState(rows);
  }

  async get(id: string): Promise<InformationSystem> {
    const row = await this.dataSource.getRepository(InformationSystem).findOneBy({ id });
    if (!row) throw new NotFoundException(`No information system ${id}.`);
    return row;
  }

  async detail(row: InformationSystem): Promise<{
    system: SystemRow;
    assessments: Assessment[];
    rectifications: RectificationItem[];
  }> {
    const [system] = await this.withState([row]);
    const assessments = await this.dataSource
      .getRepository(Assessment)
      .find({ where: { systemId: row.id }, order: { assessedOn: 'DESC' } });
    const rectifications = await this.dataSource
      .getRepository(RectificationItem)
      .find({ where: { systemId: row.id }, order: { status: 'DESC', dueOn: 'ASC', createdAt: 'ASC' } });
    return { system: system!, assessments, rectifications };
  }

  /**
   * A 责任单位 must be one of identity's org units (its projection here): 400 naming `ownerUnit` otherwise. The
   * demo seed and EduBase's own systems name theirs without it (they load before identity's events arrive).
   */
  async assertKnownOwnerUnit(ownerUnit: string): Promise<void> {
    if (!(await this.dataSource.getRepository(OrgUnit).existsBy({ name: ownerUnit })))
      throw fieldProblem('ownerUnit', `no org unit named ${ownerUnit} in identity's org tree`);
  }

  /** A new row in the register, its event and its audit chain entry, in one transaction. */
  register(input: RegisterSystemDto, actor: ChangeActor): Promise<InformationSystem> {
    this.refuseFuture('filingDate', input.filingDate);
    return this.dataSource.transaction(async (manager) => {
      const row = manager.create(InformationSystem, {
        id: randomUUID(),
        schoolCode: input.schoolCode ?? null,
        name: input.name,
        ownerUnit: input.ownerUnit,
        contractor: input.contractor ?? null,
        protectionLevel: input.protectionLevel ?? null,
        filingNumber: input.filingNumber ?? null,
        filingDate: input.filingDate ?? null,
        registeredOn: this.clock.today(),
        lastAssessedOn: null,
        assessmentBody: null,
        assessmentResult: null,
        sourceService: null,
      });
      row.nextAssessmentDue = nextAssessmentDue(row);
      await manager.insert(InformationSystem, row);
      await this.outbox.publish(
        manager,
        'governance.system.registered.v1',
        {
          systemId: row.id,
          schoolCode: row.schoolCode,
          name: row.name,
          protectionLevel: row.protectionLevel,
          nextAssessmentDue: row.nextAssessmentDue,
        },
        { aggregateKey: `system:${row.id}`, ...schoolOf(row), actor },
      );
      await this.audit(manager, actor, 'system.register', row, {
        name: row.name,
        ownerUnit: row.ownerUnit,
        protectionLevel: row.protectionLevel,
      });
      return manager.findOneByOrFail(InformationSystem, { id: row.id });
    });
  }

  /** 定级 (and 备案): the level, and the due date that follows from it. */
  grade(id: string, input: GradeSystemDto, actor: ChangeActor): Promise<InformationSystem> {
    this.refuseFuture('filingDate', input.filingDate);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.locked(manager, id);
      const previousLevel = row.protectionLevel;
      row.protectionLevel = input.protectionLevel;
      if (input.filingNumber !== undefined) row.filingNumber = input.filingNumber;
      if (input.filingDate !== undefined) row.filingDate = input.filingDate;
      row.nextAssessmentDue = nextAssessmentDue(row);
      await manager.save(row);
      await this.outbox.publish(
        manager,
        'governance.system.graded.v1',
        {
          systemId: row.id,
          schoolCode: row.schoolCode,
          protectionLevel: input.protectionLevel,
          previousLevel,
          filingNumber: row.filingNumber,
          nextAssessmentDue: row.nextAssessmentDue,
        },
        { aggregateKey: `system:${row.id}`, ...schoolOf(row), actor },
      );
      await this.audit(manager, actor, 'system.grade', row, {
        protectionLevel: input.protectionLevel,
        previousLevel,
        filingNumber: row.filingNumber,
        filingDate: row.filingDate,
      });
      return manager.findOneByOrFail(InformationSystem, { id });
    });
  }

  /** 等级测评 recorded: history row, 整改项, the system's latest assessment and next due date, one event. */
  recordAssessment(id: string, input: RecordAssessmentDto, actor: ChangeActor): Promise<InformationSystem> {
    this.refuseFuture('assessedOn', input.assessedOn);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.locked(manager, id);
      if (row.protectionLevel === null)
        throw fieldProblem(
          'protectionLevel',
          'the system is not graded (定级) yet: grade it before recording an assessment',
        );
      if (row.lastAssessedOn !== null && input.assessedOn < row.lastAssessedOn)
        throw fieldProblem('assessedOn', `is before the last assessment (${row.lastAssessedOn})`);
      const assessment = manager.create(Assessment, {
        id: randomUUID(),
        systemId: id,
        assessedOn: input.assessedOn,
        body: input.body,
        result: input.result,
        protectionLevel: row.protectionLevel,
      });
      await manager.insert(Assessment, assessment);
      const items = (input.rectifications ?? []).map((item) =>
        manager.create(RectificationItem, {
          id: randomUUID(),
          systemId: id,
          assessmentId: assessment.id,
          description: item.description,
          dueOn: item.dueOn ?? null,
          status: 'open',
        }),
      );
      if (items.length > 0) await manager.insert(RectificationItem, items);
      Object.assign(row, {
        lastAssessedOn: input.assessedOn,
        assessmentBody: input.body,
        assessmentResult: input.result,
      });
      row.nextAssessmentDue = nextAssessmentDue(row);
      await manager.save(row);
      const openRectifications = await manager.countBy(RectificationItem, { systemId: id, status: 'open' });
      await this.outbox.publish(
        manager,
        'governance.system.assessed.v1',
        {
          systemId: id,
          schoolCode: row.schoolCode,
          assessmentId: assessment.id,
          assessedOn: input.assessedOn,
          result: input.result,
          openRectifications,
          nextAssessmentDue: row.nextAssessmentDue,
        },
        { aggregateKey: `system:${id}`, ...schoolOf(row), actor },
      );
      await this.audit(manager, actor, 'system.assess', row, {
        assessmentId: assessment.id,
        assessedOn: input.assessedOn,
        body: input.body,
        result: input.result,
        rectifications: items.length,
      });
      return manager.findOneByOrFail(InformationSystem, { id });
    });
  }

  /** A 整改项 closed (or reopened) and its audit chain entry, in one transaction. */
  setRectificationStatus(
    system: InformationSystem,
    itemId: string,
    status: RectificationItem['status'],
    actor: ChangeActor,
  ): Promise<RectificationItem> {
    return this.dataSource.transaction(async (manager) => {
      const item = await manager.findOne(RectificationItem, {
        where: { id: itemId, systemId: system.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) throw new NotFoundException(`No rectification item ${itemId} on system ${system.id}.`);
      const previousStatus = item.status;
      item.status = status;
      const saved = await manager.save(item);
      await this.audit(manager, actor, `rectification.${status === 'done' ? 'close' : 'reopen'}`, system, {
        rectificationId: item.id,
        description: item.description,
        status,
        previousStatus,
      });
      return saved;
    });
  }

  /** An admin action on a system, appended to the service's audit chain in the writer's transaction. */
  private audit(
    manager: EntityManager,
    actor: ChangeActor,
    action: string,
    system: InformationSystem,
    detail: object,
  ): Promise<void> {
    return this.chain.append(manager, [
      {
        actor,
        action,
        subjectType: 'information-system',
        subjectId: system.id,
        schoolCode: system.schoolCode,
        detail,
      },
    ]);
  }

  private async locked(manager: EntityManager, id: string): Promise<InformationSystem> {
    const row = await manager.findOne(InformationSystem, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw new NotFoundException(`No information system ${id}.`);
    return row;
  }

  private refuseFuture(field: string, date: string | null | undefined): void {
    if (date && date > this.clock.today())
      throw fieldProblem(field, `is in the future (today is ${this.clock.today()})`);
  }

  private whereDue(builder: SelectQueryBuilder<InformationSystem>, status: string): void {
    const today = this.clock.today();
    const horizon = new Date(`${today}T00:00:00Z`);
    horizon.setUTCDate(horizon.getUTCDate() + Math.max(...this.config.reminderDays));
    const soon = horizon.toISOString().slice(0, 10);
    if (status === 'not-required') builder.andWhere('s.nextAssessmentDue IS NULL');
    if (status === 'overdue') builder.andWhere('s.nextAssessmentDue < :today', { today });
    if (status === 'due-soon')
      builder.andWhere('s.nextAssessmentDue BETWEEN :today AND :soon', { today, soon });
    if (status === 'not-due') builder.andWhere('s.nextAssessmentDue > :soon', { soon });
  }

  private async withState(rows: InformationSystem[]): Promise<SystemRow[]> {
    const open = new Map<string, number>();
    if (rows.length > 0) {
      const counts = await this.dataSource
        .getRepository(RectificationItem)
        .createQueryBuilder('r')
        .select('r.systemId', 'systemId')
        .addSelect('COUNT(*)', 'open')
        .where('r.systemId IN (:...ids)', { ids: rows.map((row) => row.id) })
        .andWhere("r.status = 'open'")
        .groupBy('r.systemId')
        .getRawMany<{ systemId: string; open: string }>();
      for (const count of counts) open.set(count.systemId, Number(count.open));
    }
    const today = this.clock.today();
    return rows.map((row) => ({
      row,
      due: dueState(row.nextAssessmentDue, today, this.config.reminderDays),
      openRectifications: open.get(row.id) ?? 0,
    }));
  }
}

/** The envelope's school: a district system's events carry none. */
function schoolOf(row: InformationSystem): { schoolCode?: string } {
  return row.schoolCode === null ? {} : { schoolCode: row.schoolCode };
}
