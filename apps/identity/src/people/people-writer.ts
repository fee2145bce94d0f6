import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { actorOf, type AuthenticatedUser, ChangeActor } from '@edubase/auth';
import type { FieldError } from '@edubase/http';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { requestKeycloakSync } from '../keycloak/keycloak-sync-outbox';
import { OrgUnit } from '../org/org-unit.entity';
import { RoleGrant } from '../roles/role-grant.entity';
import { grantDraftProblems, RoleGrantDraft } from '../roles/role-rules';
import { assertCanWrite } from '../shared/access-policy';
import { IdentityEvents } from '../shared/identity-events';
import { invalidField, invalidFields } from '../shared/problems';
import { Person } from './person.entity';
import { grantView, personRecord } from './person-view';
import { effectiveBirthDate, PersonDraft, personDraftProblems } from './person-rules';
import { minorCategory } from './minor-rule';
import { Clock } from '../shared/clock';

/** Rows per multi-row INSERT: large enough to amortise round trips, small enough for max_allowed_packet. */
const INSERT_CHUNK = 500;

export interface CreatePeopleOptions {
  /** Noted in the audit rows (`after.source`), e.g. `roster-import`. */
  source?: string;
}

export interface GrantRequest extends RoleGrantDraft {
  personId: string;
}

interface PreparedGrant {
  grant: RoleGrant;
  person: Person;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/** Field errors of item `index` of a batch; a batch of one answers with the bare field names. */
function problemsOf<T>(items: readonly T[], check: (item: T) => FieldError[]): FieldError[] {
  return items.flatMap((item, index) =>
    check(item).map((problem) =>
      items.length === 1 ? problem : { ...problem, field: `[${index}].${problem.field}` },
    ),
  );
}

/**
 * The one way people are created and roles granted, for one or for thousands: the REST API, SCIM, the demo
 * seed (through PeopleService / RolesService) and the roster import all come here. Inside the caller's
 * transaction it checks the domain rules and the caller's write access, writes the rows with multi-row
 * INSERTs, their audit rows (`AuditService.recordMany`), their outbox events (`IdentityEvents.peopleChanged`
 * / `rolesChanged`) and the staff's Keycloak sync requests, so all of these commit or roll back together.
 * Pushing to Keycloak after commit stays the caller's (it reports the outcome its own way).
 */
@Injectable()
export class PeopleWriter {
  constructor(
    private readonly audit: AuditService,
    private readonly events: IdentityEvents,
    private readonly clock: Clock,
  ) {}

  async createPeople(
    manager: EntityManager,
    drafts: readonly PersonDraft[],
    by: AuthenticatedUser,
    options: CreatePeopleOptions = {},
  ): Promise<Person[]> {
    if (drafts.length === 0) return [];
    const today = this.clock.today();
    const problems = problemsOf(drafts, (draft) => [
      ...personDraftProblems(draft, today),
      ...(draft.roles ?? []).flatMap((role) => grantDraftProblems(role, today)),
    ]);
    if (problems.length > 0) throw invalidFields(problems);

    const orgs = await this.orgsOf(manager, drafts, by);
    const now = new Date();
    const people = drafts.map((draft) => {
      const org = orgs.get(draft.orgId)!;
      const birthDate = effectiveBirthDate(draft.idCardNo ?? null, draft.birthDate ?? null);
      if (draft.kind === 'student' && org.owningSchoolCode === null)
        throw invalidField('orgId', 'a student belongs to a school or one of its departments');
      return manager.create(Person, {
        id: randomUUID(),
        kind: draft.kind,
        staffNo: draft.kind === 'staff' ? draft.staffNo! : null,
        studentNo: draft.kind === 'student' ? draft.studentNo! : null,
        name: draft.name,
        mobile: draft.mobile ?? null,
        email: draft.email ?? null,
        idCardNo: draft.idCardNo ?? null,
        birthDate,
        minor: minorCategory(birthDate, today),
        orgId: org.id,
        schoolCode: org.owningSchoolCode,
        status: 'active',
        departureKind: null,
        statusReason: null,
        statusEffectiveDate: null,
        keycloakUserId: null,
        keycloakSyncedAt: null,
        keycloakSyncError: null,
        lastLoginAt: null,
        activeSince: now,
        dormantSince: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    });
    // New people hold no grants yet: only the batch itself can repeat one.
    const grants = await this.prepareGrants(
      manager,
      people.flatMap((person, index) => (drafts[index]!.roles ?? []).map((draft) => ({ person, draft }))),
      by,
      [],
    );

    const actor = actorOf(by);
    for (const batch of chunks(people, INSERT_CHUNK)) await this.insertPeople(manager, batch);
    await this.insertGrants(manager, grants);
    await this.audit.recordMany(manager, [
      ...people.map((person) => ({
        actor,
        action: 'person.create',
        entityType: 'person',
        entityId: person.id,
        schoolCode: person.schoolCode,
        before: null,
        after: { ...personRecord(person), ...(options.source ? { source: options.source } : {}) },
      })),
      ...grants.map((prepared) => grantAudit(prepared, actor)),
    ]);
    for (const batch of chunks(people, INSERT_CHUNK))
      await this.events.peopleChanged(manager, batch, true, actor);
    for (const batch of chunks(grants, INSERT_CHUNK))
      await this.events.rolesChanged(manager, batch, true, actor);
    // The staff's accounts are owed from this commit on, whatever Keycloak is doing.
    await requestKeycloakSync(
      manager,
      people.flatMap((person) => (person.kind === 'staff' ? [person.id] : [])),
    );
    return people;
  }

  /** Grants roles to people who exist (locked until commit); same rules, rows and events as at creation. */
  async grantRoles(
    manager: EntityManager,
    requests: readonly GrantRequest[],
    by: AuthenticatedUser,
  ): Promise<RoleGrant[]> {
    if (requests.length === 0) return [];
    const today = this.clock.today();
    const problems = problemsOf(requests, (request) => grantDraftProblems(request, today));
    if (problems.length > 0) throw invalidFields(problems);

    const personIds = [...new Set(requests.map((request) => request.personId))];
    const people = await manager.find(Person, {
      where: { id: In(personIds) },
      lock: { mode: 'pessimistic_write' },
    });
    const missing = personIds.find((id) => !people.some((person) => person.id === id));
    if (missing) throw new NotFoundException(`No person ${missing}.`);
    const held = await manager.findBy(RoleGrant, { personId: In(personIds), revokedAt: IsNull() });
    const grants = await this.prepareGrants(
      manager,
      requests.map((draft) => ({ person: people.find((person) => person.id === draft.personId)!, draft })),
      by,
      held,
    );

    const actor = actorOf(by);
    await this.insertGrants(manager, grants);
    await this.audit.recordMany(
      manager,
      grants.map((prepared) => grantAudit(prepared, actor)),
    );
    await this.events.rolesChanged(manager, grants, true, actor);
    await requestKeycloakSync(manager, personIds);
    return grants.map((prepared) => prepared.grant);
  }

  /** The units people are placed in; the caller must be allowed to write in each of their schools. */
  private async orgsOf(
    manager: EntityManager,
    drafts: readonly PersonDraft[],
    by: AuthenticatedUser,
  ): Promise<Map<string, OrgUnit>> {
    const ids = [...new Set(drafts.map((draft) => draft.orgId))];
    const orgs = new Map<string, OrgUnit>();
    for (const batch of chunks(ids, 1000))
      for (const org of await manager.findBy(OrgUnit, { id: In(batch) })) orgs.set(org.id, org);
    const unknown = ids.find((id) => !orgs.has(id));
    if (unknown) throw invalidField('orgId', `no organisation unit ${unknown}`);
    for (const school of new Set([...orgs.values()].map((org) => org.owningSchoolCode)))
      assertCanWrite(by, school);
    return orgs;
  }

  /**
   * Checks each grant against its person, the schools and the caller's access, and builds its row. `held`
   * are the people's grants in force: holding a role twice in one place is a conflict.
   */
  private async prepareGrants(
    manager: EntityManager,
    requests: ReadonlyArray<{ person: Person; draft: RoleGrantDraft }>,
    by: AuthenticatedUser,
    held: readonly RoleGrant[],
  ): Promise<PreparedGrant[]> {
    if (requests.length === 0) return [];
    const actor: ChangeActor = actorOf(by);
    const schoolCodes = [
      ...new Set(
        requests.flatMap(({ person, draft }) =>
          draft.scope === 'school' ? [draft.schoolCode ?? person.schoolCode ?? ''] : [],
        ),
      ),
    ].filter(Boolean);
    const knownSchools = new Set(
      schoolCodes.length
        ? (
            await manager.find(OrgUnit, { where: { schoolCode: In(schoolCodes) }, select: ['schoolCode'] })
          ).map((unit) => unit.schoolCode)
        : [],
    );
    const inForce = [...held];
    const now = new Date();
    return requests.map(({ person, draft }) => {
      if (person.kind !== 'staff') throw invalidField('role', 'roles are for staff, not students');
      if (person.status === 'departed')
        throw new ConflictException('A departed person cannot be given roles.');
      const schoolCode = draft.scope === 'school' ? (draft.schoolCode ?? person.schoolCode) : null;
      if (draft.scope === 'school') {
        if (!schoolCode) throw invalidField('schoolCode', 'this person has no school; name one');
        if (!knownSchools.has(schoolCode))
          throw invalidField('schoolCode', `no school with 学校标识码 ${schoolCode}`);
      }
      // A school-admin grants school roles in their own school; district roles are the district's call.
      assertCanWrite(by, schoolCode);
      assertCanWrite(by, person.schoolCode);
      const duplicate = inForce.find(
        (grant) =>
          grant.personId === person.id &&
          grant.role === draft.role &&
          grant.scope === draft.scope &&
          grant.schoolCode === schoolCode,
      );
      if (duplicate)
        throw new ConflictException(
          `${person.name} already holds ${draft.role} here (grant ${duplicate.id}).`,
        );
      const grant = manager.create(RoleGrant, {
        id: randomUUID(),
        personId: person.id,
        role: draft.role,
        scope: draft.scope,
        schoolCode,
        endsAt: draft.endsAt ?? null,
        grantedAt: now,
        grantedBy: actor.id,
        revokedAt: null,
        revokedBy: null,
      });
      inForce.push(grant);
      return { grant, person };
    });
  }

  private async insertPeople(manager: EntityManager, people: readonly Person[]): Promise<void> {
    await manager.query(
      'INSERT INTO person (id, kind, staff_no, student_no, name, mobile, email, id_card_no, birth_date, minor, org_id, school_code, status, active_since, version, created_at, updated_at) VALUES ?',
      [
        people.map((person) => [
          person.id,
          person.kind,
          person.staffNo,
          person.studentNo,
          person.name,
          person.mobile,
          person.email,
          person.idCardNo,
          person.birthDate,
          person.minor,
          person.orgId,
          person.schoolCode,
          person.status,
          person.activeSince,
          person.version,
          person.createdAt,
          person.updatedAt,
        ]),
      ],
    );
  }

  private async insertGrants(manager: EntityManager, grants: readonly PreparedGrant[]): Promise<void> {
    for (const batch of chunks(grants, INSERT_CHUNK))
      await manager.query(
        'INSERT INTO role_grant (id, person_id, role, scope, school_code, ends_at, granted_at, granted_by) VALUES ?',
        [
          batch.map(({ grant }) => [
            grant.id,
            grant.personId,
            grant.role,
            grant.scope,
            grant.schoolCode,
            grant.endsAt,
            grant.grantedAt,
            grant.grantedBy,
          ]),
        ],
      );
  }
}

function grantAudit({ grant, person }: PreparedGrant, actor: ChangeActor): AuditRecord {
  return {
    actor,
    action: 'role.grant',
    entityType: 'role-grant',
    entityId: grant.id,
    schoolCode: grant.schoolCode ?? person.schoolCode,
    before: null,
    after: grantView(grant),
  };
}
