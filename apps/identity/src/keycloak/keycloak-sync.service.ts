import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { Person } from '../people/person.entity';
import type { ReconciliationChange } from '../reconciliation/reconciliation-run.entity';
import { RoleGrant } from '../roles/role-grant.entity';
import { todayInShanghai } from '../shared/dates';
import { desiredAccount, managedRoles, SCHOOLS_GROUP } from './desired-account';
import {
  KeycloakAdminAdapter,
  KeycloakAdminError,
  KeycloakGroup,
  KeycloakUser,
} from './keycloak-admin.adapter';
import { countSyncAttempt } from './keycloak-sync-metrics';
import { KeycloakSyncOutbox } from './keycloak-sync-outbox';

export interface SyncOutcome {
  personId: string;
  changes: ReconciliationChange[];
  error: string | null;
  /** The error was Keycloak not answering (network, timeout, 5xx), not Keycloak refusing something. */
  keycloakUnreachable?: boolean;
  /** Set when an account was created with a random temporary password. */
  initialPassword?: string;
}

/** How long a write's own sync waits for another instance's sync of the same person to finish. */
const BUSY_WAIT_MS = 5_000;

/** A random password meeting the realm policy; only ever handed to Keycloak (temporary) and the admin once. */
function temporaryPassword(): string {
  return `${randomBytes(12).toString('base64url')}-7a`;
}

/**
 * Makes one person's Keycloak account match identity (the master): creates it with a temporary password,
 * fixes profile, enabled flag, roles and school group, and ends every session of a disabled account.
 * Provisioning after each write, the outbox retry loop and the reconciliation job all go through here.
 */
@Injectable()
export class KeycloakSyncService {
  private readonly logger = new Logger(KeycloakSyncService.name);
  /** One sync per person at a time in this process, so two writes never create two accounts. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private schoolsGroup: KeycloakGroup | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keycloak: KeycloakAdminAdapter,
    private readonly outbox: KeycloakSyncOutbox,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /**
   * Syncs the person now (writes right after their commit, reconciliation, password reset) and settles
   * their outbox request if there is one: done on success, retried with back-off on failure.
   */
  async syncPerson(personId: string): Promise<SyncOutcome> {
    return this.oneAtATime(personId, async () => (await this.syncRequested(personId, 'always'))!);
  }

  /** The retry loop's entry: syncs only when a request is pending and no other sync holds it; else null. */
  async syncIfRequested(personId: string): Promise<SyncOutcome | null> {
    return this.oneAtATime(personId, () => this.syncRequested(personId, 'if-requested'));
  }

  private async oneAtATime<T>(personId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.inFlight.get(personId) ?? Promise.resolve(null);
    const next = previous.then(work, work);
    this.inFlight.set(personId, next);
    try {
      return await next;
    } finally {
      if (this.inFlight.get(personId) === next) this.inFlight.delete(personId);
    }
  }

  private async syncRequested(
    personId: string,
    mode: 'always' | 'if-requested',
  ): Promise<SyncOutcome | null> {
    // Claimed before the person is read: the sync then sees every write that asked for it.
    const claim = await this.outbox.claim(personId, mode === 'always' ? BUSY_WAIT_MS : 0);
    if (mode === 'if-requested' && (claim === null || claim === 'busy')) return null;
    if (claim === 'busy')
      return {
        personId,
        changes: [],
        error: 'another identity instance is syncing this person; it is retried',
      };
    let outcome: SyncOutcome;
    try {
      outcome = await this.syncNow(personId);
    } catch (error) {
      countSyncAttempt('failed');
      if (claim) await this.outbox.failed(claim, String(error), false).catch(() => undefined);
      throw error;
    }
    countSyncAttempt(outcome.error ? 'failed' : 'succeeded');
    if (!claim) return outcome;
    if (outcome.error) {
      const delayMs = await this.outbox.failed(claim, outcome.error, outcome.keycloakUnreachable === true);
      this.logger.warn(
        `Keycloak sync of person ${personId}: attempt ${claim.attempts + 1} failed, next in ${(delayMs / 1000).toFixed(1)} s`,
      );
    } else {
      await this.outbox.succeeded(claim);
      if (claim.attempts > 0)
        this.logger.log(
          `Keycloak sync of person ${personId} succeeded after ${claim.attempts} failed attempt(s)`,
        );
    }
    return outcome;
  }

  async resetTemporaryPassword(person: Person): Promise<string> {
    const outcome = await this.syncPerson(person.id);
    if (outcome.error) throw new Error(`Keycloak account not ready: ${outcome.error}`);
    if (outcome.initialPassword) return outcome.initialPassword;
    const fresh = await this.dataSource.getRepository(Person).findOneByOrFail({ id: person.id });
    const password = temporaryPassword();
    await this.keycloak.resetTemporaryPassword(fresh.keycloakUserId!, password);
    return password;
  }

  private async syncNow(personId: string): Promise<SyncOutcome> {
    const people = this.dataSource.getRepository(Person);
    const person = await people.findOneBy({ id: personId });
    if (!person || person.kind !== 'staff' || !person.staffNo) return { personId, changes: [], error: null };
    const staffNo = person.staffNo;
    const grants = await this.dataSource.getRepository(RoleGrant).findBy({ personId, revokedAt: IsNull() });
    const desired = desiredAccount(
      person,
      grants,
      { disableDormant: this.config.DISABLE_DORMANT },
      todayInShanghai(),
    );
    const changes: ReconciliationChange[] = [];
    const change = (repair: ReconciliationChange['repair'], detail: string) =>
      changes.push({ personId, staffNo, repair, detail });
    let initialPassword: string | undefined;

    try {
      let user: KeycloakUser | null = person.keycloakUserId
        ? await this.keycloak.getUser(person.keycloakUserId)
        : null;
      // Not found by id: adopt an account of the same 工号 (seeded, or recreated by hand) before creating one.
      user ??= await this.keycloak.findUserByUsername(desired.draft.username);
      if (!user) {
        if (!desired.shouldExist) {
          await people.update({ id: personId }, { keycloakSyncedAt: new Date(), keycloakSyncError: null });
          return { personId, changes, error: null };
        }
        const password = this.config.INITIAL_PASSWORD ?? temporaryPassword();
        const userId = await this.keycloak.createUser(desired.draft, password);
        if (!this.config.INITIAL_PASSWORD) initialPassword = password;
        change(
          person.keycloakUserId ? 'user-recreated' : 'user-created',
          person.keycloakUserId
            ? `account ${person.keycloakUserId} was missing; created ${userId} with a temporary password`
            : `created ${userId} with a temporary password (UPDATE_PASSWORD at first login)`,
        );
        user = {
          id: userId,
          username: desired.draft.username,
          enabled: desired.draft.enabled,
          attributes: desired.draft.attributes,
        };
      } else {
        this.fixProfile(user, desired.draft, change);
        if (changes.length > 0) await this.keycloak.updateUser(user.id, desired.draft);
      }

      const heldRoles = (await this.keycloak.realmRolesOfUser(user.id))
        .map((role) => role.name)
        .filter((name) => managedRoles.has(name));
      const missingRoles = desired.roles.filter((role) => !heldRoles.includes(role));
      const extraRoles = heldRoles.filter((role) => !(desired.roles as string[]).includes(role));
      if (missingRoles.length > 0) {
        await this.keycloak.addRealmRoles(user.id, missingRoles);
        change('roles-added', missingRoles.join(', '));
      }
      if (extraRoles.length > 0) {
        await this.keycloak.removeRealmRoles(user.id, extraRoles);
        change('roles-removed', extraRoles.join(', '));
      }

      await this.fixGroups(user.id, desired.groupPath, change);

      if (!desired.draft.enabled) {
        // Ends browser SSO sessions and refresh tokens at once; idempotent when there are none.
        await this.keycloak.logoutUser(user.id);
      }
      await people.update(
        { id: personId },
        { keycloakUserId: user.id, keycloakSyncedAt: new Date(), keycloakSyncError: null },
      );
      return { personId, changes, error: null, ...(initialPassword ? { initialPassword } : {}) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A group deleted by hand invalidates the cached parent; look it up again next time.
      this.schoolsGroup = null;
      this.logger.warn(`Keycloak sync of ${staffNo} failed: ${message}`);
      await people.update({ id: personId }, { keycloakSyncError: message.slice(0, 1000) });
      change('failed', message);
      const keycloakUnreachable = !(error instanceof KeycloakAdminError) || error.status >= 500;
      return { personId, changes, error: message, keycloakUnreachable };
    }
  }

  private fixProfile(
    user: KeycloakUser,
    draft: ReturnType<typeof desiredAccount>['draft'],
    change: (repair: ReconciliationChange['repair'], detail: string) => void,
  ): void {
    if (user.enabled !== draft.enabled)
      change(draft.enabled ? 'user-enabled' : 'user-disabled', `enabled → ${draft.enabled}`);
    const differing: string[] = [];
    if ((user.firstName ?? '') !== draft.firstName) differing.push('firstName');
    if ((user.lastName ?? '') !== draft.lastName) differing.push('lastName');
    if ((user.email ?? null) !== (draft.email?.toLowerCase() ?? null) && draft.email) differing.push('email');
    for (const [name, values] of Object.entries(draft.attributes)) {
      // Keycloak keeps multivalued attributes (edubaseGrants) in its own order.
      if ([...(user.attributes?.[name] ?? [])].sort().join('|') !== [...values].sort().join('|'))
        differing.push(name);
    }
    if (!draft.attributes.schoolCode && (user.attributes?.schoolCode ?? []).length > 0)
      differing.push('schoolCode');
    if (differing.length > 0) change('attributes-fixed', differing.join(', '));
  }

  private async fixGroups(
    userId: string,
    desiredPath: string | null,
    change: (repair: ReconciliationChange['repair'], detail: string) => void,
  ): Promise<void> {
    const schoolGroups = (await this.keycloak.groupsOfUser(userId)).filter((group) =>
      group.path.startsWith(`/${SCHOOLS_GROUP}/`),
    );
    for (const group of schoolGroups) {
      if (group.path === desiredPath) continue;
      await this.keycloak.leaveGroup(userId, group.id);
      change('group-fixed', `left ${group.path}`);
    }
    if (desiredPath && !schoolGroups.some((group) => group.path === desiredPath)) {
      this.schoolsGroup ??= await this.keycloak.ensureGroup(SCHOOLS_GROUP, null);
      const school = await this.keycloak.ensureGroup(desiredPath.split('/').pop()!, this.schoolsGroup);
      await this.keycloak.joinGroup(userId, school.id);
      change('group-fixed', `joined ${desiredPath}`);
    }
  }
}
