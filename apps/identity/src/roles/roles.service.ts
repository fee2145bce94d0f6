import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorOf, type AuthenticatedUser } from '@edubase/auth';
import { AuditService } from '../audit/audit.service';
import { requestKeycloakSync } from '../keycloak/keycloak-sync-outbox';
import { KeycloakSyncService } from '../keycloak/keycloak-sync.service';
import { Person } from '../people/person.entity';
import { PeopleWriter } from '../people/people-writer';
import type { WriteOptions } from '../people/people.service';
import { grantView } from '../people/person-view';
import { assertCanRead, assertCanWrite } from '../shared/access-policy';
import { IdentityEvents } from '../shared/identity-events';
import { RoleGrant } from './role-grant.entity';
import type { GrantRoleDto } from './roles.dto';

export type GrantView = ReturnType<typeof grantView>;

@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: IdentityEvents,
    private readonly keycloak: KeycloakSyncService,
    private readonly writer: PeopleWriter,
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
    const [grant] = await this.dataSource.transaction((manager) =>
      this.writer.grantRoles(manager, [{ personId, ...dto }], user),
    );
    if (options.syncKeycloak !== false) await this.keycloak.syncPerson(personId);
    return grantView(grant!);
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
