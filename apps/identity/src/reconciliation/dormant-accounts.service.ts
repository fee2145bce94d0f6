import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ChangeActor } from '@edubase/auth';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdentityConfig } from '../identity.config';
import { KeycloakAdminAdapter } from '../keycloak/keycloak-admin.adapter';
import { requestKeycloakSync } from '../keycloak/keycloak-sync-outbox';
import { KeycloakSyncService } from '../keycloak/keycloak-sync.service';
import { Person } from '../people/person.entity';
import { personRecord } from '../people/person-view';
import { Clock } from '../shared/clock';
import { todayInShanghai } from '../shared/dates';
import { IdentityEvents } from '../shared/identity-events';
import { isDormant, latest } from './dormancy';
import { runExclusively } from './run-exclusively';

export interface DormantCheckReport {
  checkedAt: Date;
  dormantAfterDays: number;
  /** Where last-login times came from: Keycloak's LOGIN events (when the realm stores them) and sessions. */
  lastLoginSources: ('events' | 'sessions')[];
  checked: number;
  flagged: { personId: string; staffNo: string | null; lastLoginAt: Date | null }[];
  cleared: { personId: string; staffNo: string | null; lastLoginAt: Date | null }[];
  /**
   * True when DISABLE_DORMANT made the flagged accounts suspended (identity.person.deactivated.v1, cause
   * `dormant`) and disabled in Keycloak.
   */
  disabled: boolean;
}

/**
 * 沉睡账号: Keycloak cannot disable accounts after inactivity (keycloak#10040), so identity does. Keycloak
 * 26 keeps no "last login" on the user; identity builds it from LOGIN events (realm event store, read with
 * realm-management view-events) and, for anyone those do not show as recent, from their live sessions
 * (start / lastAccess), and keeps the latest seen in person.last_login_at so it outlives event expiry.
 */
@Injectable()
export class DormantAccountsService {
  private readonly logger = new Logger(DormantAccountsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keycloak: KeycloakAdminAdapter,
    private readonly sync: KeycloakSyncService,
    private readonly audit: AuditService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
    private readonly events: IdentityEvents,
    private readonly clock: Clock,
  ) {}

  async check(actor: ChangeActor, now: Date = this.clock.now()): Promise<DormantCheckReport> {
    return runExclusively(this.dataSource, 'edubase_identity_dormant', () => this.checkNow(actor, now));
  }

  private async checkNow(actor: ChangeActor, now: Date): Promise<DormantCheckReport> {
    const threshold = new Date(now.getTime() - this.config.DORMANT_AFTER_DAYS * 86_400_000);
    const events = await this.keycloak.loginEventsSince(threshold);
    const lastEventByUser = new Map<string, Date>();
    for (const event of events ?? []) {
      if (!event.userId) continue;
      const previous = lastEventByUser.get(event.userId);
      if (!previous || previous.getTime() < event.time)
        lastEventByUser.set(event.userId, new Date(event.time));
    }
    const people = this.dataSource.getRepository(Person);
    const staff = await people.find({
      where: { kind: 'staff', status: 'active', keycloakUserId: Not(IsNull()) },
      order: { id: 'ASC' },
    });
    const report: DormantCheckReport = {
      checkedAt: now,
      dormantAfterDays: this.config.DORMANT_AFTER_DAYS,
      lastLoginSources: events === null ? ['sessions'] : ['events', 'sessions'],
      checked: staff.length,
      flagged: [],
      cleared: [],
      disabled: this.config.DISABLE_DORMANT,
    };

    for (const person of staff) {
      let lastLogin = latest(person.lastLoginAt, lastEventByUser.get(person.keycloakUserId!));
      if (isDormant(lastLogin, person.activeSince, threshold)) {
        // Only people who look dormant cost a sessions call: someone logged in right now is not dormant.
        const sessions = await this.keycloak.userSessions(person.keycloakUserId!);
        lastLogin = latest(
          lastLogin,
          ...sessions.map((session) => new Date(Math.max(session.start, session.lastAccess))),
        );
      }
      const dormant = isDormant(lastLogin, person.activeSince, threshold);
      const loginChanged = lastLogin !== null && lastLogin.getTime() !== person.lastLoginAt?.getTime();
      const flagChanged = dormant !== (person.dormantSince !== null);
      if (!loginChanged && !flagChanged) continue;
      // By policy a dormant account is disabled like any deactivation: suspended, announced with its cause
      // (network access ends the sessions and refuses PAP, the cockpit stops counting it), until an admin
      // reactivates it. Without the policy it is only flagged.
      const disable = dormant && flagChanged && this.config.DISABLE_DORMANT;
      await this.dataSource.transaction(async (manager) => {
        const changes: Partial<Person> = {};
        if (loginChanged) changes.lastLoginAt = lastLogin;
        if (flagChanged) changes.dormantSince = dormant ? now : null;
        if (disable)
          Object.assign(changes, {
            status: 'suspended',
            departureKind: null,
            statusReason: `沉睡账号: ${this.config.DORMANT_AFTER_DAYS} 天未登录`,
            statusEffectiveDate: todayInShanghai(now),
          } satisfies Partial<Person>);
        await manager.update(Person, { id: person.id }, changes);
        if (flagChanged) {
          await requestKeycloakSync(manager, [person.id]);
          await this.audit.record(manager, {
            actor,
            action: disable
              ? 'person.disable-dormant'
              : dormant
                ? 'person.flag-dormant'
                : 'person.clear-dormant',
            entityType: 'person',
            entityId: person.id,
            schoolCode: person.schoolCode,
            before: personRecord(person),
            after: personRecord({ ...person, ...changes }),
          });
        }
        if (disable)
          await this.events.personDeactivated(manager, { ...person, ...changes }, actor, 'dormant');
      });
      if (flagChanged) {
        (dormant ? report.flagged : report.cleared).push({
          personId: person.id,
          staffNo: person.staffNo,
          lastLoginAt: lastLogin,
        });
        // The account disabled (and its Keycloak sessions ended), or a flag cleared; through the outbox
        // request written above when Keycloak is down.
        await this.sync.syncPerson(person.id);
      }
    }
    this.logger.log(
      `dormant check: ${report.checked} active staff, ${report.flagged.length} flagged, ${report.cleared.length} cleared`,
    );
    return report;
  }
}
