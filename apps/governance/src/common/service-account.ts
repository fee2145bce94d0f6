import { Injectable } from '@nestjs/common';
import { GovernanceConfig } from '../governance.config';

/**
 * Governance's own client-credentials token (`edubase-governance`), kept until shortly before it expires:
 * the bearer of its calls to other services' audit APIs (scope `audit:verify`) and of sharing's Keycloak
 * Admin API calls (its service account's realm-management roles).
 */
@Injectable()
export class ServiceAccountToken {
  private cached: { token: string; until: number } | undefined;

  constructor(private readonly config: GovernanceConfig) {}

  async get(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.token;
    const response = await fetch(
      `${this.config.KEYCLOAK_URL}/realms/${this.config.KEYCLOAK_REALM}/protocol/openid-connect/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.config.GOVERNANCE_SSO_CLIENT_ID,
          client_secret: this.config.GOVERNANCE_SSO_CLIENT_SECRET,
        }),
        signal: AbortSignal.timeout(5000),
      },
    );
    if (!response.ok) throw new Error(`governance service account login: ${response.status}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.cached = { token: body.access_token, until: Date.now() + (body.expires_in - 30) * 1000 };
    return body.access_token;
  }

  /** A GET on another EduBase service as governance; the parsed JSON, or an error naming the status. */
  async getJson<T>(url: string): Promise<T> {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await this.get()}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`GET ${url.replace(/\?.*/, '')}: ${response.status}`);
    return (await response.json()) as T;
  }
}
