import { Injectable, Logger } from '@nestjs/common';
import { NetworkAccessConfig } from '../network-access.config';

export type SsoVerdict = 'valid' | 'invalid' | 'unavailable';

/**
 * Checks a username/password against the district SSO (Keycloak) with the OAuth password grant: the one
 * password people have everywhere. The SSO session the grant opens is closed again right away.
 */
@Injectable()
export class SsoPasswordClient {
  private readonly logger = new Logger('SsoPassword');
  private readonly tokenUrl: string;
  private readonly logoutUrl: string;

  constructor(private readonly config: NetworkAccessConfig) {
    const realmUrl = `${config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${encodeURIComponent(config.KEYCLOAK_REALM)}`;
    this.tokenUrl = `${realmUrl}/protocol/openid-connect/token`;
    this.logoutUrl = `${realmUrl}/protocol/openid-connect/logout`;
  }

  async verify(username: string, password: string): Promise<SsoVerdict> {
    const form = this.clientForm();
    form.set('grant_type', 'password');
    form.set('username', username);
    form.set('password', password);
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(this.config.SSO_TIMEOUT_MS),
      });
    } catch (error) {
      this.logger.warn(`SSO password check failed: ${(error as Error).message}`);
      return 'unavailable';
    }
    if (response.ok) {
      const tokens = (await response.json().catch(() => ({}))) as { refresh_token?: unknown };
      if (typeof tokens.refresh_token === 'string') this.closeSession(tokens.refresh_token);
      return 'valid';
    }
    const body = (await response.json().catch(() => ({}))) as { error?: unknown };
    // invalid_grant covers wrong password, disabled and temporarily locked accounts alike.
    if (response.status === 400 || response.status === 401) {
      if (body.error === 'invalid_grant') return 'invalid';
    }
    this.logger.warn(`SSO password check answered HTTP ${response.status} ${String(body.error ?? '')}`);
    return 'unavailable';
  }

  private clientForm(): URLSearchParams {
    const form = new URLSearchParams();
    form.set('client_id', this.config.SSO_PASSWORD_CLIENT_ID);
    if (this.config.SSO_PASSWORD_CLIENT_SECRET)
      form.set('client_secret', this.config.SSO_PASSWORD_CLIENT_SECRET);
    return form;
  }

  private closeSession(refreshToken: string): void {
    const form = this.clientForm();
    form.set('refresh_token', refreshToken);
    fetch(this.logoutUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(this.config.SSO_TIMEOUT_MS),
    })
      .then((response) => response.body?.cancel())
      .catch((error: Error) => this.logger.debug(`closing SSO session failed: ${error.message}`));
  }
}
