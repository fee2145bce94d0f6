import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { actorOf, type AuthenticatedUser } from '@edubase/auth';
import { fieldErrorsFrom } from '@edubase/http';
import { AuditService } from '../audit/audit.service';
import { OrgUnit } from '../org/org-unit.entity';
import { CreatePersonDto, UpdatePersonDto } from '../people/people.dto';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.entity';
import { todayInShanghai } from '../shared/dates';
import { ScimError, scimBadRequest } from './scim-error';
import { ScimExternalId } from './scim-external-id.entity';
import { parseEqualityFilter } from './scim-filter';
import { LIST_RESPONSE_SCHEMA } from './scim-schemas';
import {
  etagOf,
  patchedState,
  ScimUserResource,
  ScimUserState,
  stateFromUser,
  userResource,
} from './scim-user';

export interface ScimListQuery {
  filter?: string;
  startIndex: number;
  count: number;
}

export interface ScimList<T> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

async function assertValid<T extends object>(dto: T): Promise<T> {
  const errors = fieldErrorsFrom(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
  if (errors.length > 0)
    throw scimBadRequest('invalidValue', errors.map((error) => `${error.field}: ${error.reason}`).join('; '));
  return dto;
}

/**
 * SCIM Users = staff (教职工). Every write goes through PeopleService, so access rules, audit, outbox events
 * and the Keycloak push are exactly those of the REST API; SCIM only translates.
 */
@Injectable()
export class ScimUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  async list(query: ScimListQuery, reader: AuthenticatedUser): Promise<ScimList<ScimUserResource>> {
    const filter = parseEqualityFilter(query.filter, ['userName', 'externalId', 'id']);
    const builder = this.dataSource
      .getRepository(Person)
      .createQueryBuilder('person')
      .where('person.kind = :kind', { kind: 'staff' });
    if (filter?.attribute === 'userName')
      builder.andWhere('person.staffNo = :staffNo', { staffNo: filter.value });
    if (filter?.attribute === 'id') builder.andWhere('person.id = :id', { id: filter.value });
    if (filter?.attribute === 'externalId')
      builder.andWhere(
        'EXISTS (SELECT 1 FROM scim_external_id x WHERE x.person_id = person.id AND x.external_id = :externalId)',
        { externalId: filter.value },
      );
    const [people, total] = await builder
      .orderBy('person.createdAt', 'ASC')
      .addOrderBy('person.id', 'ASC')
      .skip(query.startIndex - 1)
      .take(query.count)
      .getManyAndCount();
    return {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      startIndex: query.startIndex,
      itemsPerPage: people.length,
      Resources: await this.resources(people, reader),
    };
  }

  async get(id: string, reader: AuthenticatedUser): Promise<ScimUserResource> {
    return (await this.resources([await this.staffMember(id)], reader))[0]!;
  }

  async create(body: unknown, user: AuthenticatedUser): Promise<ScimUserResource> {
    const target = stateFromUser(body, null);
    const orgId = await this.placementOf(target);
    if (!orgId)
      throw scimBadRequest(
        'invalidValue',
        'Say where the person works: schoolCode or orgId in the EduBase extension.',
      );
    await this.assertExternalIdFree(target.externalId, null);
    const dto = await assertValid(
      plainToInstance(CreatePersonDto, {
        kind: 'staff',
        name: target.name,
        orgId,
        staffNo: target.userName,
        ...(target.mobile ? { mobile: target.mobile } : {}),
        ...(target.email ? { email: target.email } : {}),
      }),
    );
    const created = await this.people.create(dto, user);
    if (target.externalId) await this.linkExternalId(created.id, target.externalId, user);
    if (!target.active) await this.deactivate(created.id, user);
    return this.get(created.id, user);
  }

  async replace(id: string, body: unknown, ifMatch: string | undefined, user: AuthenticatedUser) {
    const person = await this.staffMember(id);
    this.checkVersion(person, ifMatch);
    const current = await this.stateOf(person);
    return this.apply(person, current, stateFromUser(body, current), user);
  }

  async patch(id: string, body: unknown, ifMatch: string | undefined, user: AuthenticatedUser) {
    const person = await this.staffMember(id);
    this.checkVersion(person, ifMatch);
    const current = await this.stateOf(person);
    return this.apply(person, current, patchedState(current, body), user);
  }

  /** SCIM DELETE is a departure (离职): the record and its history stay, the account is disabled. */
  async remove(id: string, ifMatch: string | undefined, user: AuthenticatedUser): Promise<void> {
    const person = await this.staffMember(id);
    this.checkVersion(person, ifMatch);
    if (person.status === 'departed') return;
    await this.people.depart(
      id,
      {
        departureKind: 'resigned',
        reason: `SCIM DELETE by ${user.clientId}`,
        effectiveDate: todayInShanghai(),
      },
      user,
    );
  }

  private async apply(
    person: Person,
    current: ScimUserState,
    target: ScimUserState,
    user: AuthenticatedUser,
  ): Promise<ScimUserResource> {
    if (target.userName !== current.userName)
      throw scimBadRequest('mutability', 'userName is the 工号 and cannot change.');
    if ((current.email && !target.email) || (current.mobile && !target.mobile))
      throw scimBadRequest(
        'mutability',
        'identity keeps 手机 and 邮箱 once set: replace them with another value instead of removing them.',
      );
    // Check everything before the first write, so a refused request changes nothing.
    const changes: Partial<Record<'name' | 'email' | 'mobile', string>> = {};
    if (target.name !== current.name) changes.name = target.name;
    if (target.email && target.email !== current.email) changes.email = target.email;
    if (target.mobile && target.mobile !== current.mobile) changes.mobile = target.mobile;
    const update = await assertValid(plainToInstance(UpdatePersonDto, changes));
    const orgId = (await this.placementOf(target)) ?? person.orgId;
    if (target.externalId !== current.externalId)
      await this.assertExternalIdFree(target.externalId, person.id);

    if (target.active && !current.active) await this.people.reactivate(person.id, user);
    if (Object.keys(changes).length > 0) await this.people.update(person.id, update, user);
    if (orgId !== person.orgId) await this.people.move(person.id, { orgId }, user);
    if (target.externalId !== current.externalId)
      await this.linkExternalId(person.id, target.externalId, user);
    if (!target.active && current.active) await this.deactivate(person.id, user);
    return this.get(person.id, user);
  }

  /** active=false is a suspension (停用): Keycloak disabled, sessions ended, deactivation event published. */
  private async deactivate(id: string, user: AuthenticatedUser): Promise<void> {
    await this.people.suspend(
      id,
      { reason: `SCIM active=false from ${user.clientId}`, effectiveDate: todayInShanghai() },
      user,
    );
  }

  private checkVersion(person: Person, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch.trim() === '*') return;
    const wanted = ifMatch.split(',').map((tag) => tag.trim());
    if (!wanted.includes(etagOf(person)) && !wanted.includes(etagOf(person).slice(2)))
      throw new ScimError(
        HttpStatus.PRECONDITION_FAILED,
        `The resource changed: its version is ${etagOf(person)}, not ${ifMatch}. Read it again.`,
      );
  }

  private async staffMember(id: string): Promise<Person> {
    const person = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(Person).findOneBy({ id, kind: 'staff' })
      : null;
    if (!person) throw new ScimError(HttpStatus.NOT_FOUND, `No User ${id}.`);
    return person;
  }

  private async stateOf(person: Person): Promise<ScimUserState> {
    const link = await this.dataSource.getRepository(ScimExternalId).findOneBy({ personId: person.id });
    return {
      userName: person.staffNo ?? '',
      name: person.name,
      email: person.email,
      mobile: person.mobile,
      active: person.status === 'active',
      externalId: link?.externalId ?? null,
      orgId: person.orgId,
      schoolCode: person.schoolCode,
    };
  }

  /** The unit a state places the person in: orgId when given, else the school of schoolCode. */
  private async placementOf(state: ScimUserState): Promise<string | null> {
    const units = this.dataSource.getRepository(OrgUnit);
    if (state.orgId) {
      const org = /^[0-9a-f-]{36}$/i.test(state.orgId) ? await units.findOneBy({ id: state.orgId }) : null;
      if (!org) throw scimBadRequest('invalidValue', `orgId: no organisation unit ${state.orgId}.`);
      return org.id;
    }
    if (state.schoolCode) {
      const school = await units.findOneBy({ schoolCode: state.schoolCode });
      if (!school)
        throw scimBadRequest('invalidValue', `schoolCode: no school with 学校标识码 ${state.schoolCode}.`);
      return school.id;
    }
    return null;
  }

  private async assertExternalIdFree(externalId: string | null, personId: string | null): Promise<void> {
    if (!externalId) return;
    const holder = await this.dataSource.getRepository(ScimExternalId).findOneBy({ externalId });
    if (holder && holder.personId !== personId)
      throw new ScimError(
        HttpStatus.CONFLICT,
        `externalId ${externalId} belongs to User ${holder.personId}.`,
        'uniqueness',
      );
  }

  private async linkExternalId(personId: string, externalId: string | null, user: AuthenticatedUser) {
    await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(ScimExternalId, { personId });
      if (externalId === null) await manager.delete(ScimExternalId, { personId });
      else if (before) await manager.update(ScimExternalId, { personId }, { externalId });
      else await manager.insert(ScimExternalId, { personId, externalId });
      const person = await manager.findOneByOrFail(Person, { id: personId });
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'person.scim-external-id',
        entityType: 'person',
        entityId: personId,
        schoolCode: person.schoolCode,
        before: { externalId: before?.externalId ?? null },
        after: { externalId },
      });
    });
  }

  private async resources(people: Person[], reader: AuthenticatedUser): Promise<ScimUserResource[]> {
    if (people.length === 0) return [];
    const ids = people.map((person) => person.id);
    const links = await this.dataSource.getRepository(ScimExternalId).findBy({ personId: In(ids) });
    const orgIds = [...new Set(people.map((person) => person.orgId))];
    const schoolCodes = [
      ...new Set(people.flatMap((person) => (person.schoolCode ? [person.schoolCode] : []))),
    ];
    const units = await this.dataSource.getRepository(OrgUnit).find({
      where: [{ id: In(orgIds) }, ...(schoolCodes.length ? [{ schoolCode: In(schoolCodes) }] : [])],
    });
    return people.map((person) =>
      userResource(
        person,
        links.find((link) => link.personId === person.id)?.externalId ?? null,
        {
          org: units.find((unit) => unit.id === person.orgId) ?? null,
          school:
            units.find((unit) => unit.schoolCode !== null && unit.schoolCode === person.schoolCode) ?? null,
        },
        reader,
      ),
    );
  }
}
