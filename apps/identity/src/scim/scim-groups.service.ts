import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '@edubase/auth';
import { OrgUnit } from '../org/org-unit.entity';
import { PeopleService } from '../people/people.service';
import { Person } from '../people/person.entity';
import { ScimError, scimBadRequest } from './scim-error';
import { parseEqualityFilter } from './scim-filter';
import {
  EDUBASE_GROUP_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  PATCH_OP_SCHEMA,
  SCIM_BASE,
} from './scim-schemas';
import { etagOf, isJsonObject } from './scim-user';
import type { ScimList, ScimListQuery } from './scim-users.service';

const groupKinds = ['school', 'department'] as const;

export interface GroupListQuery extends ScimListQuery {
  excludedAttributes?: string;
}

function groupResource(unit: OrgUnit, members: Person[] | null) {
  return {
    schemas: [GROUP_SCHEMA, EDUBASE_GROUP_SCHEMA],
    id: unit.id,
    ...(unit.kind === 'school' && unit.schoolCode ? { externalId: unit.schoolCode } : {}),
    displayName: unit.name,
    ...(members
      ? {
          members: members.map((person) => ({
            value: person.id,
            display: person.name,
            type: 'User',
            $ref: `${SCIM_BASE}/Users/${person.id}`,
          })),
        }
      : {}),
    [EDUBASE_GROUP_SCHEMA]: { kind: unit.kind, schoolCode: unit.owningSchoolCode, parentId: unit.parentId },
    meta: {
      resourceType: 'Group',
      created: unit.createdAt.toISOString(),
      lastModified: unit.updatedAt.toISOString(),
      location: `${SCIM_BASE}/Groups/${unit.id}`,
      version: etagOf(unit),
    },
  };
}
export type ScimGroupResource = ReturnType<typeof groupResource>;

/**
 * SCIM Groups = schools and departments (read-only: the tree is edited through /orgs). Members are the
 * staff placed in the unit; a PATCH `add` of members moves those people there (调动), the only membership
 * change that keeps "one person, one unit".
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
  ) {}

  async list(query: GroupListQuery): Promise<ScimList<ScimGroupResource>> {
    const filter = parseEqualityFilter(query.filter, ['displayName', 'externalId', 'id']);
    const builder = this.dataSource
      .getRepository(OrgUnit)
      .createQueryBuilder('unit')
      .where('unit.kind IN (:...kinds)', { kinds: groupKinds });
    if (filter?.attribute === 'displayName') builder.andWhere('unit.name = :name', { name: filter.value });
    if (filter?.attribute === 'externalId')
      builder.andWhere('unit.schoolCode = :schoolCode', { schoolCode: filter.value });
    if (filter?.attribute === 'id') builder.andWhere('unit.id = :id', { id: filter.value });
    const [units, total] = await builder
      .orderBy('unit.createdAt', 'ASC')
      .addOrderBy('unit.id', 'ASC')
      .skip(query.startIndex - 1)
      .take(query.count)
      .getManyAndCount();
    const withMembers = !(query.excludedAttributes ?? '').toLowerCase().split(',').includes('members');
    const members = withMembers ? await this.membersOf(units.map((unit) => unit.id)) : [];
    return {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      startIndex: query.startIndex,
      itemsPerPage: units.length,
      Resources: units.map((unit) =>
        groupResource(unit, withMembers ? members.filter((person) => person.orgId === unit.id) : null),
      ),
    };
  }

  async get(id: string): Promise<ScimGroupResource> {
    const unit = await this.group(id);
    return groupResource(unit, await this.membersOf([unit.id]));
  }

  async patch(id: string, body: unknown, user: AuthenticatedUser): Promise<ScimGroupResource> {
    const unit = await this.group(id);
    if (!isJsonObject(body) || !Array.isArray(body.schemas) || !body.schemas.includes(PATCH_OP_SCHEMA))
      throw scimBadRequest('invalidSyntax', `The body must be a PatchOp message (${PATCH_OP_SCHEMA}).`);
    const operations = body.Operations;
    if (!Array.isArray(operations) || operations.length === 0)
      throw scimBadRequest('invalidSyntax', 'Operations must be a non-empty array.');
    const joining: string[] = [];
    for (const operation of operations) {
      const op = isJsonObject(operation) ? String(operation.op ?? '').toLowerCase() : '';
      const path = isJsonObject(operation) ? String(operation.path ?? '').toLowerCase() : '';
      if (op !== 'add' || path !== 'members')
        throw scimBadRequest(
          'mutability',
          'Only {"op":"add","path":"members"} is supported: a person always belongs to exactly one unit, so they leave a group by joining another; names change through /orgs.',
        );
      const value = (operation as { value?: unknown }).value;
      if (
        !Array.isArray(value) ||
        !value.every((entry) => isJsonObject(entry) && typeof entry.value === 'string')
      )
        throw scimBadRequest('invalidValue', 'members must be an array of {"value": "<User id>"}.');
      joining.push(...value.map((entry) => String((entry as { value: string }).value)));
    }
    const found = joining.length
      ? await this.dataSource.getRepository(Person).findBy({ id: In(joining), kind: 'staff' })
      : [];
    const missing = joining.filter((personId) => !found.some((person) => person.id === personId));
    if (missing.length > 0) throw scimBadRequest('invalidValue', `No User ${missing.join(', ')}.`);
    for (const person of found)
      if (person.orgId !== unit.id) await this.people.move(person.id, { orgId: unit.id }, user);
    return this.get(unit.id);
  }

  private async group(id: string): Promise<OrgUnit> {
    const unit = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.getRepository(OrgUnit).findOneBy({ id, kind: In([...groupKinds]) })
      : null;
    if (!unit) throw new ScimError(HttpStatus.NOT_FOUND, `No Group ${id}.`);
    return unit;
  }

  private async membersOf(orgIds: string[]): Promise<Person[]> {
    if (orgIds.length === 0) return [];
    return this.dataSource.getRepository(Person).find({
      where: { orgId: In(orgIds), kind: 'staff', status: In(['active', 'suspended']) },
      order: { name: 'ASC' },
    });
  }
}
