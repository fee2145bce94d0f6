import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeycloakTokenVerifier, TokenRejectedError } from '@edubase/auth';
import { OutboxPublisher } from '@edubase/messaging';
import { parseVlanByRole, sessionTimeoutFor, vlanForRoles } from '../access/access-policy';
import type { RejectReason } from '../access/reject-reasons';
import { PortalSessionEntity } from '../database/portal-session.entity';
import { NasRegistryService, RegisteredNas } from '../nas/nas-registry.service';
import { NetworkAccessConfig } from '../network-access.config';
import { networkRolesInForce, shanghaiDate } from '../people/network-roles';
import { PersonDirectoryService } from '../people/person-directory.service';
import { BRAS_HANDOFF, BrasHandoff, HandoffOutcome } from './bras-handoff';
import { PendingPortalLogin, pkceChallenge, PortalStateSealer, randomToken } from './portal-state';

export interface PortalDevice {
  macAddress: string;
  ip: string;
  nasIp: string;
}

export type PortalLoginResult =
  | { kind: 'authorized'; session: PortalSessionEntity; nas: RegisteredNas }
  | { kind: 'handoff-failed'; session: PortalSessionEntity; nas: RegisteredNas; outcome: HandoffOutcome }
  | { kind: 'denied'; reason: RejectReason | 'sso-failed' | 'unknown-nas'; nas?: RegisteredNas };

/**
 * The captive portal (Portal 认证): signs a person in through the district SSO with the OIDC authorization
 * code flow and PKCE (RFC 7636) on a public client, applies the same rules as PAP (active, holding a network
 * role), records the portal session and hands the device to the BRAS.
 */
@Injectable()
export class PortalService {
  private readonly logger = new Logger('Portal');
  private readonly sealer: PortalStateSealer;
  private readonly vlanByRole: ReturnType<typeof parseVlanByRole>;
  private readonly realmPath: string;

  constructor(
    private readonly config: NetworkAccessConfig,
    private readonly registry: NasRegistryService,
    private readonly people: PersonDirectoryService,
    private readonly tokens: KeycloakTokenVerifier,
    private readonly outbox: OutboxPublisher,
    private readonly dataSource: DataSource,
    @Inject(BRAS_HANDOFF) private readonly handoff: BrasHandoff,
  ) {
    this.sealer = new PortalStateSealer(config.PORTAL_STATE_KEY);
    this.vlanByRole = parseVlanByRole(config.VLAN_BY_ROLE);
    this.realmPath = `/realms/${encodeURIComponent(config.KEYCLOAK_REALM)}/protocol/openid-connect`;
  }

  /** The registered, enabled NAS a device sits behind, by the NAS address the BRAS put in the portal URL. */
  nasOf(nasIp: string): RegisteredNas | undefined {
    const nas = this.registry.lookupByIp(nasIp);
    return nas?.enabled ? nas : undefined;
  }

  /** Starts a sign-in: the Keycloak URL to send the browser to, and the nonce for its cookie. */
  beginLogin(device: PortalDevice, redirectUri: string): { authorizationUrl: string; nonce: string } {
    const login: PendingPortalLogin = {
      verifier: randomToken(),
      nonce: randomToken(),
      ...device,
      expiresAt: Date.now() + this.config.PORTAL_LOGIN_TTL_SECONDS * 1000,
    };
    const base = (this.config.PORTAL_KEYCLOAK_PUBLIC_URL ?? this.config.KEYCLOAK_URL).replace(/\/$/, '');
    const url = new URL(`${base}${this.realmPath}/auth`);
    url.search = new URLSearchParams({
      client_id: this.config.PORTAL_CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      state: this.sealer.seal(login),
      code_challenge: pkceChallenge(login.verifier),
      code_challenge_method: 'S256',
    }).toString();
    return { authorizationUrl: url.toString(), nonce: login.nonce };
  }

  /** The pending login sealed in `state`, if it is genuine, unexpired and started by this browser. */
  pendingLogin(state: string, cookieNonce: string | undefined): PendingPortalLogin | undefined {
    const login = this.sealer.open(state);
    if (!login || !cookieNonce || login.nonce !== cookieNonce) return undefined;
    return login;
  }

  /** Finishes a sign-in: code → tokens, who it is, may they join, record, hand off to the BRAS. */
  async completeLogin(
    login: PendingPortalLogin,
    code: string,
    redirectUri: string,
  ): Promise<PortalLoginResult> {
    const nas = this.nasOf(login.nasIp);
    if (!nas) return { kind: 'denied', reason: 'unknown-nas' };
    const username = await this.exchangeCode(code, login.verifier, redirectUri);
    if (!username) return { kind: 'denied', reason: 'sso-failed', nas };

    const at = new Date();
    const person = await this.people.findByStaffNo(username);
    const roles = person ? networkRolesInForce(person.roles, shanghaiDate(at)) : [];
    const reason: RejectReason | undefined = !person
      ? 'unknown-user'
      : person.status !== 'active'
        ? 'person-inactive'
        : roles.length === 0
          ? 'no-network-role'
          : undefined;
    if (reason || !person) {
      await this.recordRejection(username, login, nas, reason ?? 'unknown-user', at);
      return { kind: 'denied', reason: reason ?? 'unknown-user', nas };
    }

    // Recorded before the hand-off: once the BRAS may have let the device on, who it was is never lost.
    const session = this.dataSource.getRepository(PortalSessionEntity).create({
      id: randomUUID(),
      personId: person.personId,
      staffNo: username,
      schoolCode: nas.schoolCode,
      macAddress: login.macAddress,
      framedIp: login.ip,
      nasId: nas.id,
      nasIp: nas.ip,
      authorizedAt: at,
      handoffKind: this.handoff.kind,
      handoffResult: 'pending',
      handoffDetail: null,
      answeredAt: null,
    });
    await this.dataSource.getRepository(PortalSessionEntity).insert(session);

    const outcome = await this.handoff.authorize({
      portalSessionId: session.id,
      username,
      personId: person.personId,
      schoolCode: nas.schoolCode,
      macAddress: login.macAddress,
      ip: login.ip,
      nas,
      vlan: vlanForRoles(roles, this.vlanByRole),
      sessionTimeout: sessionTimeoutFor(roles, this.config.SESSION_TIMEOUT_SECONDS, at),
    });
    session.handoffResult = outcome.result;
    session.handoffDetail = outcome.detail;
    session.answeredAt = outcome.result === 'ack' || outcome.result === 'nak' ? new Date() : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        PortalSessionEntity,
        { id: session.id },
        {
          handoffResult: session.handoffResult,
          handoffDetail: session.handoffDetail,
          answeredAt: session.answeredAt,
        },
      );
      if (outcome.result !== 'ack') return;
      await this.outbox.publish(
        manager,
        'netaccess.session.started.v1',
        {
          // The `portal:` prefix marks the method until the contract carries one (see the hand-off doc).
          sessionId: `portal:${session.id}`,
          username,
          personId: person.personId,
          terminalId: null,
          macAddress: session.macAddress,
          nasId: nas.id,
          nasIp: nas.ip,
          nasPort: null,
          framedIp: session.framedIp,
          startedAt: session.authorizedAt.toISOString(),
        },
        { aggregateKey: `${nas.id}:portal:${session.id}`, schoolCode: nas.schoolCode, occurredAt: at },
      );
    });
    this.logger.log(
      `portal ${username} ${session.macAddress} ${session.framedIp} at NAS ${nas.ip}: ${this.handoff.kind} ${outcome.result}`,
    );
    return outcome.result === 'ack'
      ? { kind: 'authorized', session, nas }
      : { kind: 'handoff-failed', session, nas, outcome };
  }

  /** Code → tokens at Keycloak's token endpoint (back channel), then the verified access token's 工号. */
  private async exchangeCode(
    code: string,
    verifier: string,
    redirectUri: string,
  ): Promise<string | undefined> {
    const base = this.config.KEYCLOAK_URL.replace(/\/$/, '');
    let accessToken: unknown;
    try {
      const response = await fetch(`${base}${this.realmPath}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: this.config.PORTAL_CLIENT_ID,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
        signal: AbortSignal.timeout(this.config.SSO_TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
      if (!response.ok) {
        this.logger.warn(`portal code exchange refused: HTTP ${response.status} ${String(body.error ?? '')}`);
        return undefined;
      }
      accessToken = body.access_token;
    } catch (error) {
      this.logger.warn(`portal code exchange failed: ${(error as Error).message}`);
      return undefined;
    }
    if (typeof accessToken !== 'string') return undefined;
    try {
      const user = await this.tokens.verify(accessToken);
      return user.isServiceAccount ? undefined : user.username;
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        this.logger.warn(`portal token refused: ${error.reason}`);
        return undefined;
      }
      throw error;
    }
  }

  private async recordRejection(
    username: string,
    login: PendingPortalLogin,
    nas: RegisteredNas,
    reason: RejectReason,
    at: Date,
  ): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.outbox.publish(
        manager,
        'netaccess.auth.rejected.v1',
        {
          username,
          macAddress: login.macAddress,
          nasId: nas.id,
          method: 'portal',
          reason,
          at: at.toISOString(),
        },
        { aggregateKey: username, schoolCode: nas.schoolCode, occurredAt: at },
      ),
    );
  }
}
