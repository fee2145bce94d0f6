import { Injectable } from '@nestjs/common';
import { ServiceAccountToken } from '../common/service-account';
import { GovernanceConfig } from '../governance.config';

/**
 * The Keycloak Admin API calls sharing needs, as the `edubase-governance` service account (realm-management
 * view-clients, query-clients, manage-clients): a client scope per approved request, put on the requesting
 * client's default scopes, and removed at the end date. Each call is idempotent, so a retry is safe.
 */
@Injectable()
export class KeycloakClientScopes {
  constructor(
    private readonly config: GovernanceConfig,
    private readonly serviceAccount: ServiceAccountToken,
  ) {}

  private get admin(): string {
    return `${this.config.KEYCLOAK_URL}/admin/realms/${this.config.KEYCLOAK_REALM}`;
  }

  private token(): Promise<string> {
    return this.serviceAccount.get();
  }

  private async call(token: string, method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.admin}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok && response.status !== 404 && response.status !== 409)
      throw new Error(`Keycloak ${method} ${path}: ${response.status}`);
    return response;
  }

  private async scopeId(token: string, name: string): Promise<string | undefined> {
    const scopes = (await (await this.call(token, 'GET', '/client-scopes')).json()) as {
      id: string;
      name: string;
    }[];
    return scopes.find((scope) => scope.name === name)?.id;
  }

  private async clientUuid(token: string, clientId: string): Promise<string | undefined> {
    const response = await this.call(token, 'GET', `/clients?clientId=${encodeURIComponent(clientId)}`);
    return ((await response.json()) as { id: string }[])[0]?.id;
  }

  /** The scope exists and is one of the client's default scopes (its client-credentials tokens carry it). */
  async grant(clientId: string, scopeName: string): Promise<void> {
    const token = await this.token();
    const client = await this.clientUuid(token, clientId);
    if (!client) throw new Error(`no Keycloak client ${clientId}`);
    let scope = await this.scopeId(token, scopeName);
    if (!scope) {
      await this.call(token, 'POST', '/client-scopes', {
        name: scopeName,
        protocol: 'openid-connect',
        description: `数据共享 ${scopeName} (governance)`,
        attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
      });
      scope = await this.scopeId(token, scopeName);
    }
    if (!scope) throw new Error(`client scope ${scopeName} was not created`);
    await this.call(token, 'PUT', `/clients/${client}/default-client-scopes/${scope}`);
  }

  /** The scope is off the client and gone; nothing to do when it is gone already. */
  async revoke(clientId: string, scopeName: string): Promise<void> {
    const token = await this.token();
    const scope = await this.scopeId(token, scopeName);
    if (!scope) return;
    const client = await this.clientUuid(token, clientId);
    if (client) await this.call(token, 'DELETE', `/clients/${client}/default-client-scopes/${scope}`);
    await this.call(token, 'DELETE', `/client-scopes/${scope}`);
  }
}
