import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { Person } from '../people/person.entity';
import { IdentityEvents } from '../shared/identity-events';
import { KeycloakAdminAdapter } from './keycloak-admin.adapter';

interface SeenChange {
  eventId: string;
  keycloakUserId: string;
  change: 'password' | 'account';
  at: Date;
}

/** Events are listed by day; a short overlap makes sure one written while a poll ran is not missed. */
const OVERLAP_MS = 10_000;
const REMEMBERED_EVENT_IDS = 5_000;

/**
 * Learns of changes made in Keycloak directly — a password changed at the account console, a password
 * reset or an account disabled in the admin console — by polling its event store, and publishes
 * `identity.person.credentials-changed.v1`, so network access drops the password it remembered at once
 * instead of accepting the old one until its verifier cache expires. Identity's own Admin API calls are
 * left out: they follow identity's writes, which publish their own events.
 */
@Injectable()
export class KeycloakChangeWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeycloakChangeWatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private cursor = new Date(Date.now() - OVERLAP_MS);
  private readonly seen = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keycloak: KeycloakAdminAdapter,
    private readonly events: IdentityEvents,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.KEYCLOAK_CHANGE_POLL_SECONDS;
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.pollOnce(), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One poll; overlapping calls share the one in progress. Returns how many people were announced. */
  pollOnce(): Promise<void> {
    this.running ??= this.poll()
      .catch((error: Error) => this.logger.warn(`polling Keycloak events failed: ${error.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async poll(): Promise<void> {
    const since = new Date(this.cursor.getTime() - OVERLAP_MS);
    const changes = [...(await this.userChanges(since)), ...(await this.adminChanges(since))].filter(
      (change) => !this.seen.has(change.eventId),
    );
    if (changes.length === 0) return;
    const people = await this.dataSource.getRepository(Person).findBy({
      keycloakUserId: In([...new Set(changes.map((change) => change.keycloakUserId))]),
    });
    const byKeycloakId = new Map(people.map((person) => [person.keycloakUserId, person]));
    await this.dataSource.transaction(async (manager) => {
      for (const change of changes) {
        const person = byKeycloakId.get(change.keycloakUserId);
        if (person) await this.events.credentialsChanged(manager, person, change.change, change.at);
      }
    });
    for (const change of changes) {
      this.remember(change.eventId);
      if (change.at > this.cursor) this.cursor = change.at;
    }
  }

  private async userChanges(since: Date): Promise<SeenChange[]> {
    const events = (await this.keycloak.credentialEventsSince(since)) ?? [];
    return events.flatMap((event) =>
      event.userId
        ? [
            {
              eventId: event.id ?? `${event.type}:${event.userId}:${event.time}`,
              keycloakUserId: event.userId,
              change: 'password' as const,
              at: new Date(event.time),
            },
          ]
        : [],
    );
  }

  private async adminChanges(since: Date): Promise<SeenChange[]> {
    const events = (await this.keycloak.userAdminEventsSince(since)) ?? [];
    if (events.length === 0) return [];
    const ownUserId = await this.keycloak.ownUserId();
    return events.flatMap((event) => {
      const match = /^users\/([^/]+)(\/reset-password)?$/.exec(event.resourcePath ?? '');
      if (!match || event.authDetails?.userId === ownUserId) return [];
      return [
        {
          eventId: event.id ?? `${event.operationType}:${event.resourcePath}:${event.time}`,
          keycloakUserId: match[1]!,
          change: match[2] ? ('password' as const) : ('account' as const),
          at: new Date(event.time),
        },
      ];
    });
  }

  private remember(eventId: string): void {
    this.seen.add(eventId);
    if (this.seen.size <= REMEMBERED_EVENT_IDS) return;
    const oldest = this.seen.values().next();
    if (!oldest.done) this.seen.delete(oldest.value);
  }
}
