import { ConflictException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, type AuthenticatedUser, ChangeActor } from '@edubase/auth';
import { ProblemException } from '@edubase/http';
import { AuditService } from '../audit/audit.service';
import { assertCanRead, assertCanWrite, readableSchools } from '../shared/access-policy';
import { IdentityEvents } from '../shared/identity-events';
import { invalidField, invalidFields } from '../shared/problems';
import { OrgChange, OrgHistory } from './org-history.entity';
import { parentProblem } from './org-rules';
import { OrgUnit } from './org-unit.entity';
import type { CreateOrgDto, MoveOrgDto, OrgTreeNode, UpdateOrgDto } from './org.dto';

function view(org: OrgUnit) {
  return {
    id: org.id,
    kind: org.kind,
    name: org.name,
    parentId: org.parentId,
    schoolCode: org.schoolCode,
    owningSchoolCode: org.owningSchoolCode,
    stage: org.stage,
    address: org.address,
    version: org.version,
    createdAt: org.createdAt,
    updatedAt: org.updatedAt,
  };
}
export type OrgView = ReturnType<typeof view>;

@Injectable()
export class OrgService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: IdentityEvents,
  ) {}

  /** The whole tree for district-wide readers; a school's own subtree for its staff. */
  async tree(user: AuthenticatedUser): Promise<OrgTreeNode[]> {
    const units = await this.dataSource.getRepository(OrgUnit).find({ order: { name: 'ASC' } });
    const nodes = new Map<string, OrgTreeNode>(
      units.map((unit) => [
        unit.id,
        {
          id: unit.id,
          kind: unit.kind,
          name: unit.name,
          schoolCode: unit.schoolCode,
          stage: unit.stage,
          address: unit.address,
          children: [],
        },
      ]),
    );
    const roots: OrgTreeNode[] = [];
    for (const unit of units) {
      const node = nodes.get(unit.id)!;
      const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    const schoolCodes = readableSchools(user);
    if (schoolCodes === undefined) return roots;
    return units
      .filter((unit) => unit.schoolCode !== null && schoolCodes.includes(unit.schoolCode))
      .map((school) => nodes.get(school.id)!);
  }

  async get(id: string, user: AuthenticatedUser): Promise<OrgView> {
    const org = await this.find(this.dataSource.manager, id);
    assertCanRead(user, org.owningSchoolCode);
    return view(org);
  }

  async getBySchoolCode(schoolCode: string, user: AuthenticatedUser): Promise<OrgView> {
    if (!/^\d{10}$/.test(schoolCode)) throw invalidField('schoolCode', 'must be a 10-digit 学校标识码');
    assertCanRead(user, schoolCode);
    const org = await this.dataSource.getRepository(OrgUnit).findOneBy({ schoolCode });
    if (!org) throw new NotFoundException(`No school with 学校标识码 ${schoolCode}.`);
    return view(org);
  }

  async history(id: string, user: AuthenticatedUser): Promise<OrgHistory[]> {
    const org = await this.find(this.dataSource.manager, id);
    assertCanRead(user, org.owningSchoolCode);
    return this.dataSource.getRepository(OrgHistory).find({ where: { orgId: id }, order: { id: 'ASC' } });
  }

  async create(dto: CreateOrgDto, user: AuthenticatedUser): Promise<OrgView> {
    const actor = actorOf(user);
    return this.dataSource.transaction(async (manager) => {
      const parent = dto.parentId ? await this.find(manager, dto.parentId, true) : null;
      const problem = parentProblem(dto.kind, parent?.kind ?? null);
      if (problem) throw invalidField('parentId', problem);
      if (dto.kind === 'school') {
        if (!dto.schoolCode) throw invalidField('schoolCode', 'a school needs its 10-digit 学校标识码');
        if (!dto.stage) throw invalidField('stage', 'a school needs its 学段');
      } else if (dto.schoolCode || dto.stage) {
        throw invalidFields(
          (['schoolCode', 'stage'] as const)
            .filter((field) => dto[field] !== undefined)
            .map((field) => ({ field, reason: 'only schools have a 学校标识码 and 学段' })),
        );
      }
      if (dto.kind === 'district' && (await manager.countBy(OrgUnit, { kind: 'district' })) > 0)
        throw new ConflictException('The district bureau already exists; there is one tree per deployment.');
      const owningSchoolCode = dto.kind === 'school' ? dto.schoolCode! : (parent?.owningSchoolCode ?? null);
      assertCanWrite(user, dto.kind === 'department' ? owningSchoolCode : null);
      if (dto.schoolCode && (await manager.countBy(OrgUnit, { schoolCode: dto.schoolCode })) > 0)
        throw new ConflictException(`A school with 学校标识码 ${dto.schoolCode} already exists.`);
      if (dto.kind === 'department')
        await this.assertDepartmentNameFree(manager, owningSchoolCode!, dto.name.trim());

      const org = manager.create(OrgUnit, {
        id: randomUUID(),
        kind: dto.kind,
        name: dto.name.trim(),
        parentId: parent?.id ?? null,
        schoolCode: dto.kind === 'school' ? dto.schoolCode! : null,
        owningSchoolCode,
        stage: dto.stage ?? null,
        address: dto.address?.trim() || null,
      });
      await manager.insert(OrgUnit, org);
      const saved = await this.find(manager, org.id);
      await this.recordChange(manager, null, saved, 'created', actor);
      return view(saved);
    });
  }

  async update(id: string, dto: UpdateOrgDto, user: AuthenticatedUser): Promise<OrgView> {
    const actor = actorOf(user);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.find(manager, id, true);
      assertCanWrite(user, before.kind === 'department' ? before.owningSchoolCode : null);
      if (dto.stage !== undefined && before.kind !== 'school')
        throw invalidField('stage', 'only schools have a 学段');
      const changes: Partial<OrgUnit> = {};
      if (dto.name !== undefined && dto.name.trim() !== before.name) changes.name = dto.name.trim();
      if (changes.name !== undefined && before.kind === 'department')
        await this.assertDepartmentNameFree(manager, before.owningSchoolCode!, changes.name, before.id);
      if (dto.stage !== undefined && dto.stage !== before.stage) changes.stage = dto.stage;
      if (dto.address !== undefined && (dto.address.trim() || null) !== before.address)
        changes.address = dto.address.trim() || null;
      if (Object.keys(changes).length === 0) return view(before);
      await manager.update(OrgUnit, { id }, changes);
      const after = await this.find(manager, id);
      await this.recordChange(manager, before, after, changes.name ? 'renamed' : 'updated', actor);
      return view(after);
    });
  }

  /** Moves a unit under another parent; a department stays inside its school so its people keep theirs. */
  async move(id: string, dto: MoveOrgDto, user: AuthenticatedUser): Promise<OrgView> {
    const actor = actorOf(user);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.find(manager, id, true);
      const parent = await this.find(manager, dto.parentId, true);
      assertCanWrite(user, before.kind === 'department' ? before.owningSchoolCode : null);
      const problem = parentProblem(before.kind, parent.kind);
      if (problem) throw invalidField('parentId', problem);
      if (before.kind === 'department' && parent.owningSchoolCode !== before.owningSchoolCode)
        throw invalidField('parentId', 'a department moves only within its own school');
      if (await this.isDescendant(manager, parent.id, id))
        throw invalidField('parentId', 'a unit cannot move under itself or its own descendants');
      if (before.parentId === parent.id) return view(before);
      await manager.update(OrgUnit, { id }, { parentId: parent.id });
      const after = await this.find(manager, id);
      await this.recordChange(manager, before, after, 'moved', actor);
      return view(after);
    });
  }

  private async isDescendant(
    manager: EntityManager,
    candidateId: string,
    ancestorId: string,
  ): Promise<boolean> {
    let current: string | null = candidateId;
    for (let depth = 0; current !== null && depth < 64; depth += 1) {
      if (current === ancestorId) return true;
      const unit: OrgUnit | null = await manager.findOneBy(OrgUnit, { id: current });
      current = unit?.parentId ?? null;
    }
    return false;
  }

  /**
   * Departments of one school have different names: the roster import finds a row's 部门 by name. The school's
   * row is locked first, so two writers naming departments of one school go one after the other.
   */
  private async assertDepartmentNameFree(
    manager: EntityManager,
    schoolCode: string,
    name: string,
    exceptId?: string,
  ): Promise<void> {
    await manager.findOne(OrgUnit, {
      where: { schoolCode, kind: 'school' },
      lock: { mode: 'pessimistic_write' },
    });
    const clash = await manager.findOneBy(OrgUnit, {
      kind: 'department',
      owningSchoolCode: schoolCode,
      name,
    });
    if (clash && clash.id !== exceptId)
      throw new ProblemException({
        status: HttpStatus.CONFLICT,
        detail: `School ${schoolCode} already has a department named ${name}.`,
        extensions: { errors: [{ field: 'name', reason: `学校 ${schoolCode} 已有部门 ${name}` }] },
      });
  }

  private async find(manager: EntityManager, id: string, lock = false): Promise<OrgUnit> {
    const org = await manager.findOne(OrgUnit, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!org) throw new NotFoundException(`No organisation unit ${id}.`);
    return org;
  }

  private async recordChange(
    manager: EntityManager,
    before: OrgUnit | null,
    after: OrgUnit,
    change: OrgChange,
    actor: ChangeActor,
  ): Promise<void> {
    const history = manager.create(OrgHistory, {
      orgId: after.id,
      change,
      nameBefore: before?.name ?? null,
      nameAfter: after.name,
      parentBefore: before?.parentId ?? null,
      parentAfter: after.parentId,
      before: before ? (JSON.parse(JSON.stringify(view(before))) as Record<string, unknown>) : null,
      after: JSON.parse(JSON.stringify(view(after))) as Record<string, unknown>,
      actorId: actor.id,
      changedAt: new Date(),
    });
    await manager.save(history);
    await this.audit.record(manager, {
      actor,
      action: `org.${change === 'created' ? 'create' : change === 'moved' ? 'move' : 'update'}`,
      entityType: 'org',
      entityId: after.id,
      schoolCode: after.owningSchoolCode,
      before: before ? view(before) : null,
      after: view(after),
    });
    await this.events.orgChanged(manager, after, change === 'created', actor);
  }
}
