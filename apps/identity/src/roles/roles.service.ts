import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import type { AuthenticatedUser } from '@edubase/auth';
import type { FieldError } from '@edubase/http';
import { AuditService } from '../audit/audit.service';
import { requestKeycloakSync } from '../keycloak/keycloak-sync-outbox';
import { KeycloakSyncService } from '../keycloak/keycloak-sync.service';
import { OrgUnit } from '../org/org-unit.entity';
import { Person } from '../people/person.entity';
import type { WriteOptions } from '../people/people.service';
import { grantView } from '../people/person-view';
import { actorOf } from '../shared/actor';
import { assertCanRead, assertCanWrite } from '../shared/access-policy';
import { todayInShanghai } from '../shared/dates';
import { IdentityEvents } from '../shared/identity-events';
import { invalidField, invalidFields } from '../shared/problems';
import { RoleGrant } from './role-grant.entity';
import { roleScopes, rolesNeedingEndDate } from './role-rules';
import type { GrantRoleDto } from './roles.dto';

export type GrantView = ReturnType<typeof grantView>;

@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: IdentityEvents,
    private readonly keycloak: KeycloakSyncService,
  ) {}

  /** Every grant of a person, current and past. */
  async list(personId: string, user: AuthenticatedUser): Promise<GrantView[]> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ id: personId });
    if (!person) throw new NotFoundException(`No person ${personId}.`);
    assertCanRead(user, person.schoolCode);
    const grants = await this.dataSource
      .getRepository(RoleGrant)
      .find({ where: { personId }, order: { grantedAt: 'ASC' } });
    return grants.map(grantView);
  }

  async grant(
    personId: string,
    dto: GrantRoleDto,
    user: AuthenticatedUser,
    options: WriteOptions = {},
  ): Promise<GrantView> {
    const actor = actorOf(user);
    const problems: FieldError[] = [];
    if (!roleScopes[dto.role].includes(dto.scope))
      problems.push({
        field: 'scope',
        reason: `${dto.role} is held for ${roleScopes[dto.role].join(' or ')}, not ${dto.scope}`,
      });
    if (dto.scope === 'district' && dto.schoolCode)
      problems.push({ field: 'schoolCode', reason: 'a district role has no school' });
    if (rolesNeedingEndDate.includes(dto.role) && !dto.endsAt)
      problems.push({ field: 'endsAt', reason: `${dto.role} needs an end date (the contract's last day)` });
    if (dto.endsAt && dto.endsAt < todayInShanghai())
      problems.push({ field: 'endsAt', reason: 'the end date is in the past' });
    if (problems.length > 0) throw invalidFields(problems);

    const { grant, person } = await this.dataSource.transaction(async (manager) => {
      const person = await manager.findOne(Person, {
        where: { id: personId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!person) throw new NotFoundException(`No person ${personId}.`);
      if (person.kind !== 'staff') throw invalidField('role', 'roles are for staff, not students');
      if (person.status === 'departed')
        throw new ConflictException('A departed person cannot be given roles.');
      const schoolCode = dto.scope === 'school' ? (dto.schoolCode ?? person.schoolCode) : null;
      if (dto.scope === 'school') {
        if (!schoolCode) throw invalidField('schoolCode', 'this person has no school; name one');
        if (!(await manager.existsBy(OrgUnit, { schoolCode })))
          throw invalidField('schoolCode', `no school with 学校标识码 ${schoolCode}`);
      }
      // A school-admin grants school roles in their own school; district roles are the district's call.
      assertCanWrite(user, schoolCode);
      assertCanWrite(user, person.schoolCode);
      const duplicate = await manager.findOneBy(RoleGrant, {
        personId,
        role: dto.role,
        scope: dto.scope,
        schoolCode: schoolCode ?? IsNull(),
        revokedAt: IsNull(),
      });
      if (duplicate)
        throw new ConflictException(`${person.name} already holds ${dto.role} here (grant ${duplicate.id}).`);
      const grant = manager.create(RoleGrant, {
        id: randomUUID(),
        personId,
        role: dto.role,
        scope: dto.scope,
        schoolCode,
        endsAt: dto.endsAt ?? null,
        grantedAt: new Date(),
        grantedBy: actor.id,
        revokedAt: null,
        revokedBy: null,
      });
      await manager.insert(RoleGrant, grant);
      await requestKeycloakSync(manager, [personId]);
      await this.audit.record(manager, {
        actor,
        action: 'role.grant',
        entityType: 'role-grant',
        entityId: grant.id,
        schoolCode: schoolCode ?? person.schoolCode,
        before: null,
        after: grantView(grant),
      });
      await this.events.roleChanged(manager, grant, person, true, actor);
      return { grant, person };
    });
    if (options.syncKeycloak !== false) await this.keycloak.syncPerson(person.id);
    return grantView(grant);
  }

  async revoke(personId: string, grantId: string, user: AuthenticatedUser): Promise<GrantView> {
    const actor = actorOf(user);
    const revoked = await this.dataSource.transaction(async (manager) => {
      const person = await manager.findOne(Person, {
        where: { id: personId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!person) throw new NotFoundException(`No person ${personId}.`);
      const grant = await manager.findOneBy(RoleGrant, { id: grantId, personId });
      if (!grant) throw new NotFoundException(`No grant ${grantId} for person ${personId}.`);
      assertCanWrite(user, grant.schoolCode);
      if (grant.revokedAt) throw new ConflictException('This grant was already revoked.');
      const after = { ...grant, revokedAt: new Date(), revokedBy: actor.id };
      await manager.update(
        RoleGrant,
        { id: grant.id },
        { revokedAt: after.revokedAt, revokedBy: after.revokedBy },
      );
      await requestKeycloakSync(manager, [personId]);
      await this.audit.record(manager, {
        actor,
        action: 'role.revoke',
        entityType: 'role-grant',
        entityId: grant.id,
        schoolCode: grant.schoolCode ?? person.schoolCode,
        before: grantView(grant),
        after: grantView(after),
      });
      await this.events.roleChanged(manager, after, person, false, actor);
      return after;
    });
    await this.keycloak.syncPerson(personId);
    return grantView(revoked);
  }
}
