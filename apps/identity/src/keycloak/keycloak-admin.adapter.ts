import { Inject, Injectable } from '@nestjs/common';
import { IdentityConfig } from '../identity.config';

/**
 * The one door to the Keycloak Admin REST API. It speaks plain HTTP with `fetch` instead of loading
 * `@keycloak/keycloak-admin-client`: that package is ESM-only, and a dynamic `import()` hidden from the
 * CommonJS build still fails under Jest's VM sandbox without --experimental-vm-modules, while the dozen
 * endpoints identity needs are small and stable. Keeping them here means nothing else knows Keycloak URLs.
 */

export interface KeycloakUser {
  id: string;
  username: string;
  enabled: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  emailVerified?: boolean;
  attributes?: Record<string, string[]>;
  requiredActions?: string[];
  createdTimestamp?: number;
}

export interface KeycloakUserDraft {
  username: string;
  enabled: boolean;
  firstName: string;
  lastName: string;
  email: string | null;
  attributes: Record<string, string[]>;
}

export interface KeycloakRole {
  id: string;
  name: string;
}

export interface KeycloakGroup {
  id: string;
  name: string;
  path: string;
}

export interface KeycloakSession {
  id: string;
  userId: string;
  start: number;
  lastAccess: number;
}

export interface KeycloakEvent {
  id?: string;
  time: number;
  type: string;
  userId?: string;
}

/**
 * An admin event (realm `adminEventsEnabled`): who changed which resource through the Admin API.
 * `authDetails.clientId` is the client's internal id, not its clientId; `userId` is the acting user.
 */
export interface KeycloakAdminEvent {
  id?: string;
  time: number;
  operationType: string;
  resourceType?: string;
  resourcePath?: string;
  authDetails?: { clientId?: string; userId?: string };
}

export class KeycloakAdminError extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    detail: string,
  ) {
    super(`Keycloak ${operation} failed with HTTP ${status}: ${detail}`);
    this.name = 'KeycloakAdminError';
  }
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

const requestTimeoutMs = 10_000;

@Injectable()
export class KeycloakAdminAdapter {
  private token: CachedToken | null = null;
  private readonly roleCache = new Map<string, KeycloakRole>();

  constructor(@Inject(IdentityConfig) private readonly config: IdentityConfig) {}

  private get realmUrl(): string {
    return `${this.config.KEYCLOAK_URL.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(this.config.KEYCLOAK_REALM)}`;
  }

  /** Whether Keycloak answers at all: the realm's public descriptor, no token, no admin call. */
  async reachable(): Promise<boolean> {
    const url = `${this.config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${encodeURIComponent(this.config.KEYCLOAK_REALM)}`;
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
    } catch {
      return false;
    }
  }

  /**
   * The Keycloak user id of identity's own service account (its token's `sub`): admin events name the acting
   * user, so identity can tell its own Admin API calls from an operator's.
   */
  async ownUserId(): Promise<string> {
    const [, payload] = (await this.accessToken()).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    if (typeof claims.sub !== 'string')
      throw new KeycloakAdminError(500, 'service-account login', 'token has no sub');
    return claims.sub;
  }

  private async accessToken(): Promise<string> {
    // Refresh a little early so a token never expires between the check and the call.
    if (this.token && this.token.expiresAt - 15_000 > Date.now()) return this.token.value;
    const url = `${this.config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${encodeURIComponent(this.config.KEYCLOAK_REALM)}/protocol/openid-connect/token`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.config.KEYCLOAK_ADMIN_CLIENT_ID,
        client_secret: this.config.KEYCLOAK_ADMIN_CLIENT_SECRET,
      }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok)
      throw new KeycloakAdminError(response.status, 'service-account login', await response.text());
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }

  private async call(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    options: { allowNotFound?: boolean } = {},
  ): Promise<Response | null> {
    const send = async (): Promise<Response> =>
      fetch(`${this.realmUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await this.accessToken()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    let response = await send();
    if (response.status === 401) {
      // The cached token was revoked or the realm keys rotated: log in again once.
      this.token = null;
      response = await send();
    }
    if (response.status === 404 && options.allowNotFound) return null;
    if (!response.ok) throw new KeycloakAdminError(response.status, operation, await response.text());
    return response;
  }

  private async json<T>(
    operation: string,
    path: string,
    options: { allowNotFound?: boolean } = {},
  ): Promise<T | null> {
    const response = await this.call(operation, 'GET', path, undefined, options);
    return response ? ((await response.json()) as T) : null;
  }

  async findUserByUsername(username: string): Promise<KeycloakUser | null> {
    const users = await this.json<KeycloakUser[]>(
      'find user',
      `/users?exact=true&briefRepresentation=false&username=${encodeURIComponent(username)}`,
    );
    return users?.find((user) => user.username === username.toLowerCase()) ?? null;
  }

  async getUser(userId: string): Promise<KeycloakUser | null> {
    return this.json<KeycloakUser>('get user', `/users/${encodeURIComponent(userId)}`, {
      allowNotFound: true,
    });
  }

  /** Creates an enabled user with a temporary password (UPDATE_PASSWORD at first login); returns its id. */
  async createUser(draft: KeycloakUserDraft, temporaryPassword: string): Promise<string> {
    const response = await this.call('create user', 'POST', '/users', {
      ...this.representation(draft),
      requiredActions: ['UPDATE_PASSWORD'],
      credentials: [{ type: 'password', value: temporaryPassword, temporary: true }],
    });
    const location = response?.headers.get('location') ?? '';
    const id = location.split('/').pop();
    if (!id) throw new KeycloakAdminError(201, 'create user', 'no Location header in the answer');
    return id;
  }

  /**
   * Writes the whole profile: Keycloak's PUT replaces every user-profile attribute (first and last
   * name included) with what is sent, so a partial body would erase the rest.
   */
  async updateUser(userId: string, draft: KeycloakUserDraft): Promise<void> {
    await this.call('update user', 'PUT', `/users/${encodeURIComponent(userId)}`, this.representation(draft));
  }

  async setEnabled(userId: string, enabled: boolean): Promise<void> {
    await this.call('enable/disable user', 'PUT', `/users/${encodeURIComponent(userId)}`, { enabled });
  }

  /** Sets a temporary password: Keycloak adds UPDATE_PASSWORD, so the user must change it at next login. */
  async resetTemporaryPassword(userId: string, password: string): Promise<void> {
    await this.call('reset password', 'PUT', `/users/${encodeURIComponent(userId)}/reset-password`, {
      type: 'password',
      value: password,
      temporary: true,
    });
  }

  async deleteUser(userId: string): Promise<void> {
    await this.call('delete user', 'DELETE', `/users/${encodeURIComponent(userId)}`, undefined, {
      allowNotFound: true,
    });
  }

  /** Ends every session of the user at once (browser SSO and refresh tokens alike). */
  async logoutUser(userId: string): Promise<void> {
    await this.call('logout user', 'POST', `/users/${encodeURIComponent(userId)}/logout`);
  }

  async userSessions(userId: string): Promise<KeycloakSession[]> {
    return (
      (await this.json<KeycloakSession[]>(
        'list sessions',
        `/users/${encodeURIComponent(userId)}/sessions`,
      )) ?? []
    );
  }

  async realmRolesOfUser(userId: string): Promise<KeycloakRole[]> {
    return (
      (await this.json<KeycloakRole[]>(
        'list role mappings',
        `/users/${encodeURIComponent(userId)}/role-mappings/realm`,
      )) ?? []
    );
  }

  private async realmRole(name: string): Promise<KeycloakRole> {
    const cached = this.roleCache.get(name);
    if (cached) return cached;
    const role = await this.json<KeycloakRole>('get realm role', `/roles/${encodeURIComponent(name)}`);
    if (!role) throw new KeycloakAdminError(404, 'get realm role', name);
    this.roleCache.set(name, { id: role.id, name: role.name });
    return role;
  }

  async addRealmRoles(userId: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const roles = await Promise.all(names.map((name) => this.realmRole(name)));
    await this.call(
      'add role mappings',
      'POST',
      `/users/${encodeURIComponent(userId)}/role-mappings/realm`,
      roles,
    );
  }

  async removeRealmRoles(userId: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const roles = await Promise.all(names.map((name) => this.realmRole(name)));
    await this.call(
      'remove role mappings',
      'DELETE',
      `/users/${encodeURIComponent(userId)}/role-mappings/realm`,
      roles,
    );
  }

  async groupsOfUser(userId: string): Promise<KeycloakGroup[]> {
    return (
      (await this.json<KeycloakGroup[]>('list user groups', `/users/${encodeURIComponent(userId)}/groups`)) ??
      []
    );
  }

  async joinGroup(userId: string, groupId: string): Promise<void> {
    await this.call(
      'join group',
      'PUT',
      `/users/${encodeURIComponent(userId)}/groups/${encodeURIComponent(groupId)}`,
    );
  }

  async leaveGroup(userId: string, groupId: string): Promise<void> {
    await this.call(
      'leave group',
      'DELETE',
      `/users/${encodeURIComponent(userId)}/groups/${encodeURIComponent(groupId)}`,
    );
  }

  async groupByPath(path: string): Promise<KeycloakGroup | null> {
    return this.json<KeycloakGroup>(
      'get group by path',
      `/group-by-path/${path.split('/').filter(Boolean).map(encodeURIComponent).join('/')}`,
      { allowNotFound: true },
    );
  }

  /** Creates a group (under a parent when given) and returns it; an existing one with that name is reused. */
  async ensureGroup(name: string, parent: KeycloakGroup | null): Promise<KeycloakGroup> {
    const path = `${parent ? parent.path : ''}/${name}`;
    const existing = await this.groupByPath(path);
    if (existing) return existing;
    const endpoint = parent ? `/groups/${encodeURIComponent(parent.id)}/children` : '/groups';
    try {
      await this.call('create group', 'POST', endpoint, { name });
    } catch (error) {
      // Two provisioning calls racing to create the same group: the loser reads the winner's.
      if (!(error instanceof KeycloakAdminError && error.status === 409)) throw error;
    }
    const created = await this.groupByPath(path);
    if (!created) throw new KeycloakAdminError(404, 'create group', `${path} missing after creation`);
    return created;
  }

  /**
   * LOGIN events since a time, oldest first; needs the realm's event store on and the service account's
   * realm-management `view-events` role. Returns null when Keycloak refuses (not configured), so callers
   * can fall back to sessions.
   */
  async loginEventsSince(since: Date, pageSize = 500): Promise<KeycloakEvent[] | null> {
    const dateFrom = since.toISOString().slice(0, 10);
    const events: KeycloakEvent[] = [];
    for (let first = 0; ; first += pageSize) {
      let page: KeycloakEvent[] | null;
      try {
        page = await this.json<KeycloakEvent[]>(
          'list login events',
          `/events?type=LOGIN&dateFrom=${dateFrom}&first=${first}&max=${pageSize}`,
        );
      } catch (error) {
        if (error instanceof KeycloakAdminError && error.status === 403) return null;
        throw error;
      }
      events.push(...(page ?? []));
      if (!page || page.length < pageSize) break;
    }
    return events.filter((event) => event.time >= since.getTime());
  }

  /**
   * Password and credential events since a time (a user's own change at the account console or a
   * required action); null when Keycloak refuses to list events (event store off, no view-events role).
   */
  async credentialEventsSince(since: Date, max = 500): Promise<KeycloakEvent[] | null> {
    const types = ['UPDATE_PASSWORD', 'UPDATE_CREDENTIAL', 'REMOVE_CREDENTIAL', 'RESET_PASSWORD'];
    return this.eventsOrNull<KeycloakEvent>(
      'list credential events',
      `/events?${types.map((type) => `type=${type}`).join('&')}&dateFrom=${since.toISOString().slice(0, 10)}&max=${max}`,
      since,
    );
  }

  /** Admin API changes of users since a time (disable, reset password…); null when admin events are off. */
  async userAdminEventsSince(since: Date, max = 500): Promise<KeycloakAdminEvent[] | null> {
    return this.eventsOrNull<KeycloakAdminEvent>(
      'list admin events',
      `/admin-events?resourceTypes=USER&operationTypes=UPDATE&operationTypes=ACTION&dateFrom=${since.toISOString().slice(0, 10)}&max=${max}`,
      since,
    );
  }

  private async eventsOrNull<T extends { time: number }>(
    operation: string,
    path: string,
    since: Date,
  ): Promise<T[] | null> {
    try {
      const events = (await this.json<T[]>(operation, path)) ?? [];
      return events.filter((event) => event.time >= since.getTime());
    } catch (error) {
      if (error instanceof KeycloakAdminError && error.status === 403) return null;
      throw error;
    }
  }

  private representation(draft: KeycloakUserDraft): Record<string, unknown> {
    return {
      username: draft.username,
      enabled: draft.enabled,
      firstName: draft.firstName,
      lastName: draft.lastName,
      ...(draft.email ? { email: draft.email } : {}),
      attributes: draft.attributes,
    };
  }
}
