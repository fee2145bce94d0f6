import { ConflictException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ProblemException } from '@edubase/http';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { actorOf, type AuthenticatedUser, ChangeActor } from '@edubase/auth';
import { AuditService } from '../audit/audit.service';
import { requestKeycloakSync } from '../keycloak/keycloak-sync-outbox';
import { KeycloakSyncService, SyncOutcome } from '../keycloak/keycloak-sync.service';
import { OrgUnit } from '../org/org-unit.entity';
import { RoleGrant } from '../roles/role-grant.entity';
import { assertCanWrite } from '../shared/access-policy';
import { IdentityEvents } from '../shared/identity-events';
import { invalidField, invalidFields } from '../shared/problems';
import type {
  CreatePersonDto,
  DepartPersonDto,
  MovePersonDto,
  SuspendPersonDto,
  UpdatePersonDto,
} from './people.dto';
import { PeopleQueries } from './people-queries.service';
import { PeopleWriter } from './people-writer';
import { Person } from './person.entity';
import { personNameProblem } from './person-name';
import { minorCategory } from './minor-rule';
import { birthDateProblem, birthDateRangeProblem, effectiveBirthDate } from './person-rules';
import { Clock } from '../shared/clock';
import { personRecord, PersonView } from './person-view';

export interface KeycloakOutcomeView {
  provisioned: boolean;
  error: string | null;
  /** Shown once, to the admin who created the account; identity keeps no copy. */
  initialPassword?: string;
}

export type PersonWriteResult = PersonView & { keycloakSync?: KeycloakOutcomeView };

export interface WriteOptions {
  /**
   * False leaves the immediate Keycloak push to the caller: bulk loaders (demo seed) write many records and
   * then sync each person once. The outbox request is written either way. Defaults to true.
   */
  syncKeycloak?: boolean;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && Reflect.get(error, 'code') === 'ER_DUP_ENTRY';
}

@Injectable()
export class PeopleService {
  private readonly logger = new Logger(PeopleService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: IdentityEvents,
    private readonly keycloak: KeycloakSyncService,
    private readonly writer: PeopleWriter,
    private readonly queries: PeopleQueries,
    private readonly clock: Clock,
  ) {}

  async create(
    dto: CreatePersonDto,
    user: AuthenticatedUser,
    options: WriteOptions = {},
  ): Promise<PersonWriteResult> {
    const person = await this.write(
      async (manager) => (await this.writer.createPeople(manager, [dto], user))[0]!,
    );
    if (options.syncKeycloak === false) return this.queries.viewFor(person, user);
    return this.afterWrite(person, user);
  }

  async update(id: string, dto: UpdatePersonDto, user: AuthenticatedUser): Promise<PersonWriteResult> {
    const actor = actorOf(user);
    const person = await this.write(async (manager) => {
      const before = await this.lockPerson(manager, id);
      assertCanWrite(user, before.schoolCode);
      const changes: Partial<Person> = {};
      for (const field of ['name', 'mobile', 'email', 'idCardNo', 'birthDate'] as const) {
        const value = dto[field];
        if (value !== undefined && value !== before[field]) changes[field] = value;
      }
      const idCardNo = changes.idCardNo ?? before.idCardNo;
      const today = this.clock.today();
      const birthDate =
        birthDateRangeProblem(changes.birthDate ?? null, today) ??
        birthDateProblem(idCardNo, changes.birthDate ?? before.birthDate);
      if (birthDate) throw invalidFields([birthDate]);
      // A card given to someone without a birth date brings its date; the age band follows the date.
      const effective = effectiveBirthDate(idCardNo, changes.birthDate ?? before.birthDate);
      if (effective !== before.birthDate) changes.birthDate = effective;
      const minor = minorCategory(effective, today);
      if (minor !== before.minor) changes.minor = minor;
      // SCIM updates come here without the DTO's checks: the one name rule is the domain's.
      const nameProblem = changes.name === undefined ? null : personNameProblem(changes.name);
      if (nameProblem) throw invalidFields([{ field: 'name', reason: nameProblem }]);
      if (Object.keys(changes).length === 0) return before;
      await manager.update(Person, { id }, changes);
      const after = await this.lockPerson(manager, id);
      await this.recordChange(manager, 'person.update', before, after, actor);
      await this.events.personChanged(manager, after, false, actor);
      return after;
    });
    return this.afterWrite(person, user);
  }

  /**
   * Moves a person to another unit. Changing school (调动) needs write access to both schools, and the
   * roles held for the old school end with the move: they were granted by and for that school.
   */
  async move(id: string, dto: MovePersonDto, user: AuthenticatedUser): Promise<PersonWriteResult> {
    const actor = actorOf(user);
    const person = await this.write(async (manager) => {
      const before = await this.lockPerson(manager, id);
      assertCanWrite(user, before.schoolCode);
      const target = await this.orgOf(manager, dto.orgId);
      assertCanWrite(user, target.owningSchoolCode);
      if (before.kind === 'student' && target.owningSchoolCode === null)
        throw invalidField('orgId', 'a student belongs to a school or one of its departments');
      if (before.status === 'departed')
        throw new ConflictException('A departed person cannot be moved; reactivate them first.');
      if (target.id === before.orgId) return before;
      await manager.update(Person, { id }, { orgId: target.id, schoolCode: target.owningSchoolCode });
      const after = await this.lockPerson(manager, id);
      if (before.schoolCode !== after.schoolCode) {
        const oldSchoolGrants = await manager.find(RoleGrant, {
          where: {
            personId: id,
            revokedAt: IsNull(),
            scope: 'school',
            schoolCode: before.schoolCode ?? IsNull(),
          },
        });
        await this.revokeGrants(manager, oldSchoolGrants, after, actor, 'role.revoke-on-move');
      }
      await this.recordChange(manager, 'person.move', before, after, actor);
      await this.events.personChanged(manager, after, false, actor);
      return after;
    });
    return this.afterWrite(person, user);
  }

  async suspend(id: string, dto: SuspendPersonDto, user: AuthenticatedUser): Promise<PersonWriteResult> {
    const actor = actorOf(user);
    const person = await this.write(async (manager) => {
      const before = await this.lockPerson(manager, id);
      assertCanWrite(user, before.schoolCode);
      if (before.status !== 'active')
        throw new ConflictException(`Only an active person can be suspended; this one is ${before.status}.`);
      await manager.update(
        Person,
        { id },
        {
          status: 'suspended',
          statusReason: dto.reason,
          statusEffectiveDate: dto.effectiveDate,
          departureKind: null,
        },
      );
      const after = await this.lockPerson(manager, id);
      await this.recordChange(manager, 'person.suspend', before, after, actor);
      await this.events.personDeactivated(manager, after, actor);
      return after;
    });
    return this.afterWrite(person, user);
  }

  /** 离职 / 调出 / 毕业: the account is disabled and every role ends. */
  async depart(id: string, dto: DepartPersonDto, user: AuthenticatedUser): Promise<PersonWriteResult> {
    const actor = actorOf(user);
    const person = await this.write(async (manager) => {
      const before = await this.lockPerson(manager, id);
      assertCanWrite(user, before.schoolCode);
      if (before.status === 'departed') throw new ConflictException('This person has already departed.');
      if (dto.departureKind === 'graduated' && before.kind !== 'student')
        throw invalidField('departureKind', 'only students graduate (毕业)');
      await manager.update(
        Person,
        { id },
        {
          status: 'departed',
          departureKind: dto.departureKind,
          statusReason: dto.reason,
          statusEffectiveDate: dto.effectiveDate,
        },
      );
      const after = await this.lockPerson(manager, id);
      const grants = await manager.find(RoleGrant, { where: { personId: id, revokedAt: IsNull() } });
      await this.revokeGrants(manager, grants, after, actor, 'role.revoke-on-departure');
      await this.recordChange(manager, 'person.depart', before, after, actor);
      await this.events.personDeactivated(manager, after, actor);
      return after;
    });
    return this.afterWrite(person, user);
  }

  /** Back to active (suspension lifted, or a returning member of staff); also clears the dormant flag. */
  async reactivate(id: string, user: AuthenticatedUser): Promise<PersonWriteResult> {
    const actor = actorOf(user);
    const person = await this.write(async (manager) => {
      const before = await this.lockPerson(manager, id);
      assertCanWrite(user, before.schoolCode);
      if (before.status === 'active' && before.dormantSince === null)
        throw new ConflictException('This person is already active.');
      await manager.update(
        Person,
        { id },
        {
          status: 'active',
          departureKind: null,
          statusReason: null,
          statusEffectiveDate: null,
          dormantSince: null,
          // Dormancy counts afresh from here (on the Clock, as the dormant check does).
          activeSince: this.clock.now(),
        },
      );
      const after = await this.lockPerson(manager, id);
      await this.recordChange(manager, 'person.reactivate', before, after, actor);
      await this.events.personChanged(manager, after, false, actor);
      return after;
    });
    return this.afterWrite(person, user);
  }

  /** A fresh temporary password (the user must change it at next login); returned once, never stored. */
  async resetPassword(id: string, user: AuthenticatedUser): Promise<{ initialPassword: string }> {
    const person = await this.dataSource.getRepository(Person).findOneBy({ id });
    if (!person) throw new NotFoundException(`No person ${id}.`);
    assertCanWrite(user, person.schoolCode);
    if (person.kind !== 'staff' || person.status !== 'active')
      throw new ConflictException('Only active staff have a login.');
    const initialPassword = await this.keycloak.resetTemporaryPassword(person);
    await this.dataSource.transaction(async (manager) => {
      await this.audit.record(manager, {
        actor: actorOf(user),
        action: 'person.reset-password',
        entityType: 'person',
        entityId: person.id,
        schoolCode: person.schoolCode,
        before: null,
        after: { temporaryPasswordIssued: true },
      });
      // The old password no longer opens the network either (network access forgets what it cached).
      await this.events.credentialsChanged(manager, person, 'password', new Date());
    });
    return { initialPassword };
  }

  private async revokeGrants(
    manager: EntityManager,
    grants: RoleGrant[],
    person: Person,
    actor: ChangeActor,
    action: string,
  ): Promise<void> {
    if (grants.length === 0) return;
    const now = new Date();
    await manager.update(
      RoleGrant,
      { id: In(grants.map((grant) => grant.id)) },
      { revokedAt: now, revokedBy: actor.id },
    );
    const revoked = grants.map((grant) => ({ ...grant, revokedAt: now, revokedBy: actor.id }));
    await this.audit.recordMany(
      manager,
      grants.map((grant, index) => ({
        actor,
        action,
        entityType: 'role-grant',
        entityId: grant.id,
        schoolCode: grant.schoolCode ?? person.schoolCode,
        before: grant,
        after: revoked[index]!,
      })),
    );
    await this.events.rolesChanged(
      manager,
      revoked.map((grant) => ({ grant, person })),
      false,
      actor,
    );
  }

  private async write(work: (manager: EntityManager) => Promise<Person>): Promise<Person> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isDuplicateKey(error)) {
        const message = String(Reflect.get(error as object, 'sqlMessage') ?? '');
        const field = /uq_person_staff_no/.test(message)
          ? 'staffNo'
          : /uq_person_student_no/.test(message)
            ? 'studentNo'
            : /uq_person_id_card_no/.test(message)
              ? 'idCardNo'
              : /uq_person_email/.test(message)
                ? 'email'
                : null;
        throw new ProblemException({
          status: HttpStatus.CONFLICT,
          detail: `Another person already has this ${field ?? 'unique value'}.`,
          ...(field ? { extensions: { errors: [{ field, reason: 'another person already has it' }] } } : {}),
        });
      }
      throw error;
    }
  }

  /**
   * After commit: push the change to Keycloak now and report the outcome (the initial password of a new
   * account). A failure stays in the outbox (requested in the write's transaction) and is retried.
   */
  private async afterWrite(person: Person, user: AuthenticatedUser): Promise<PersonWriteResult> {
    let outcome: SyncOutcome | null = null;
    if (person.kind === 'staff') {
      outcome = await this.keycloak.syncPerson(person.id);
      if (outcome.error) this.logger.warn(`Keycloak sync of ${person.staffNo} failed: ${outcome.error}`);
    }
    const fresh = (await this.dataSource.getRepository(Person).findOneBy({ id: person.id })) ?? person;
    const view = await this.queries.viewFor(fresh, user);
    if (!outcome) return view;
    return {
      ...view,
      keycloakSync: {
        provisioned: outcome.error === null && fresh.keycloakUserId !== null,
        error: outcome.error,
        ...(outcome.initialPassword ? { initialPassword: outcome.initialPassword } : {}),
      },
    };
  }

  private async orgOf(manager: EntityManager, orgId: string): Promise<OrgUnit> {
    const org = await manager.findOneBy(OrgUnit, { id: orgId });
    if (!org) throw invalidField('orgId', `no organisation unit ${orgId}`);
    return org;
  }

  private async lockPerson(manager: EntityManager, id: string): Promise<Person> {
    const person = await manager.findOne(Person, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!person) throw new NotFoundException(`No person ${id}.`);
    return person;
  }

  private async recordChange(
    manager: EntityManager,
    action: string,
    before: Person | null,
    after: Person,
    actor: ChangeActor,
  ): Promise<void> {
    // Every recorded change of a member of staff may change their Keycloak account: ask for a sync in the
    // same transaction, so a commit is never left unsynced however Keycloak is doing.
    if (after.kind === 'staff') await requestKeycloakSync(manager, [after.id]);
    await this.audit.record(manager, {
      actor,
      action,
      entityType: 'person',
      entityId: after.id,
      schoolCode: after.schoolCode ?? before?.schoolCode ?? null,
      before: before ? personRecord(before) : null,
      after: personRecord(after),
    });
  }
}
