import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page } from '@edubase/http';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import type { AuthenticatedUser } from '@edubase/auth';
import { RoleGrant } from '../roles/role-grant.entity';
import { assertCanRead, readableSchools } from '../shared/access-policy';
import { todayInShanghai } from '../shared/dates';
import type { PersonSearchQuery } from './people.dto';
import { Person } from './person.entity';
import { MinorsPiReads } from './minors-pi-reads';
import { personView, PersonView } from './person-view';

/** Reading people (人员查询): one person, the caller's own record, and the paged search, within the caller's schools. */
@Injectable()
export class PeopleQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly minorsPiReads: MinorsPiReads,
  ) {}

  async get(id: string, user: AuthenticatedUser): Promise<PersonView> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ id });
    if (!person) throw new NotFoundException(`No person ${id}.`);
    return this.readOne(person, user);
  }

  async getByStaffNo(staffNo: string, user: AuthenticatedUser): Promise<PersonView> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ staffNo });
    if (!person) throw new NotFoundException(`No staff member with 工号 ${staffNo}.`);
    return this.readOne(person, user);
  }

  /** The caller's own record, matched by 工号 = token username. */
  async me(user: AuthenticatedUser): Promise<PersonView> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ staffNo: user.username });
    if (!person) throw new NotFoundException(`No identity record for ${user.username}.`);
    return personView(person, await this.activeGrants(this.dataSource.manager, [person.id]), user, {
      ownRecord: true,
    });
  }

  async search(query: PersonSearchQuery, user: AuthenticatedUser): Promise<Page<PersonView>> {
    if (query.schoolCode !== undefined) assertCanRead(user, query.schoolCode);
    const builder = this.dataSource.getRepository(Person).createQueryBuilder('person');
    const schoolCodes = query.schoolCode !== undefined ? [query.schoolCode] : readableSchools(user);
    if (schoolCodes !== undefined) {
      // No readable school: `IN ()` is not SQL, and the answer is an empty page anyway.
      if (schoolCodes.length === 0) builder.andWhere('1 = 0');
      else builder.andWhere('person.schoolCode IN (:...schoolCodes)', { schoolCodes });
    }
    if (query.orgId) builder.andWhere('person.orgId = :orgId', { orgId: query.orgId });
    if (query.kind) builder.andWhere('person.kind = :kind', { kind: query.kind });
    if (query.status) builder.andWhere('person.status = :status', { status: query.status });
    if (query.dormant !== undefined)
      builder.andWhere(query.dormant ? 'person.dormantSince IS NOT NULL' : 'person.dormantSince IS NULL');
    if (query.q) {
      const prefix = `${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      builder.andWhere(
        new Brackets((where) =>
          where
            .where('person.name LIKE :prefix', { prefix })
            .orWhere('person.staffNo LIKE :prefix', { prefix })
            .orWhere('person.studentNo LIKE :prefix', { prefix }),
        ),
      );
    }
    if (query.role) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM role_grant g WHERE g.person_id = person.id AND g.role = :role AND g.revoked_at IS NULL AND (g.ends_at IS NULL OR g.ends_at >= :today))',
        { role: query.role, today: todayInShanghai() },
      );
    }
    const [people, total] = await builder
      .orderBy('person.name', 'ASC')
      .addOrderBy('person.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const grants = await this.activeGrants(
      this.dataSource.manager,
      people.map((person) => person.id),
    );
    const items = people.map((person) =>
      personView(
        person,
        grants.filter((grant) => grant.personId === person.id),
        user,
      ),
    );
    await this.minorsPiReads.record(user, items);
    return {
      items,
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** A read of one person: the view, and a minor's PI shown in clear on the chain (not a write's echo). */
  private async readOne(person: Person, user: AuthenticatedUser): Promise<PersonView> {
    const view = await this.viewFor(person, user);
    await this.minorsPiReads.record(user, [view]);
    return view;
  }

  /** A person as this caller may see them (403 outside their schools); also a write's answer. */
  async viewFor(person: Person, user: AuthenticatedUser): Promise<PersonView> {
    assertCanRead(user, person.schoolCode);
    return personView(person, await this.activeGrants(this.dataSource.manager, [person.id]), user);
  }

  private async activeGrants(manager: EntityManager, personIds: string[]): Promise<RoleGrant[]> {
    if (personIds.length === 0) return [];
    return manager.find(RoleGrant, {
      where: { personId: In(personIds), revokedAt: IsNull() },
      order: { grantedAt: 'ASC' },
    });
  }
}
