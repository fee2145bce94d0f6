import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxPublisher } from '@edubase/messaging';
import { NetworkAccessConfig } from '../network-access.config';
import { DirectoryPerson, NOT_CACHED, PersonDirectoryService } from '../people/person-directory.service';
import { networkRolesInForce, shanghaiDate } from '../people/network-roles';
import {
  Attr,
  attribute,
  findAttribute,
  integerAttribute,
  RadiusCode,
  revealUserPassword,
  ServiceType,
  textAttribute,
  verifyChapPassword,
} from '../radius';
import type { AccessDrop, AccessReply, RadiusRequestContext } from '../server/radius-server';
import { radiusRejects } from '../server/radius-metrics';
import { rejectedAccessRequestSpan } from '../server/radius-request-span';
import { GroupCommitter } from '../shared/group-commit';
import { normalizeMac } from '../shared/mac-address';
import { TerminalDirectoryService } from '../terminals/terminal-directory.service';
import { acceptAttributes, parseVlanByRole, sessionTimeoutFor, vlanForRoles } from './access-policy';
import { AuthMethod, RejectReason, rejectMessages } from './reject-reasons';
import { GateVerdict, ssoGateOptions, SsoPasswordGate } from './sso-password-gate';
import { SsoPasswordClient } from './sso-password.client';

interface Rejection {
  username: string;
  macAddress: string | null;
  nasId: string;
  schoolCode: string;
  method: AuthMethod;
  reason: RejectReason;
  at: Date;
  /** The rejected request's trace, which the rejection event continues. */
  traceHeaders: Record<string, string> | null;
}

type Verdict =
  | { accept: true; vlan: number | undefined; sessionTimeout: number }
  | { accept: false; reason: RejectReason };

const rejectReasonOf: Record<Exclude<GateVerdict, 'valid'>, RejectReason> = {
  invalid: 'bad-password',
  'known-wrong': 'bad-password',
  'rate-limited': 'rate-limited',
  unavailable: 'sso-unavailable',
};

/** Not a rejection: the person may well be let in by the secondary RADIUS server the NAS fails over to. */
const SSO_OUTAGE_DROP: AccessDrop = { drop: 'sso-unavailable' };

/** Control characters or U+FFFD after decoding mean the NAS hid the password with another secret. */
function plausiblePassword(password: Buffer): string | undefined {
  if (password.length === 0 || password.some((octet) => octet < 0x20 || octet === 0x7f)) return undefined;
  const text = password.toString('utf8');
  return text.includes('\ufffd') ? undefined : text;
}

/**
 * Who may log in (上网认证): PAP for people (active in identity, holding a network role, district SSO
 * password), CHAP for device accounts of the terminal registry, MAB for registered terminals.
 */
@Injectable()
export class AccessRequestService {
  private readonly logger = new Logger('AccessRequest');
  private readonly passwords: SsoPasswordGate;
  private readonly vlanByRole: ReturnType<typeof parseVlanByRole>;
  private readonly rejections: GroupCommitter<Rejection, void>;

  constructor(
    private readonly config: NetworkAccessConfig,
    private readonly people: PersonDirectoryService,
    private readonly terminals: TerminalDirectoryService,
    sso: SsoPasswordClient,
    outbox: OutboxPublisher,
    dataSource: DataSource,
  ) {
    this.passwords = new SsoPasswordGate(sso, ssoGateOptions(config));
    this.vlanByRole = parseVlanByRole(config.VLAN_BY_ROLE);
    this.rejections = new GroupCommitter(
      dataSource,
      async (manager, batch) => {
        await outbox.publishMany(
          manager,
          'netaccess.auth.rejected.v1',
          batch.map((rejection) => ({
            data: {
              username: rejection.username,
              macAddress: rejection.macAddress,
              nasId: rejection.nasId,
              method: rejection.method,
              reason: rejection.reason,
              at: rejection.at.toISOString(),
            },
            aggregateKey: rejection.username,
            schoolCode: rejection.schoolCode,
            occurredAt: rejection.at,
            traceHeaders: rejection.traceHeaders,
          })),
        );
        return batch.map(() => undefined);
      },
      {
        maxBatch: 200,
        onError: (error) => this.logger.error(`recording a rejection failed: ${String(error)}`),
      },
    );
  }

  /** Identity said the person is no longer active: their remembered password must not open anything. */
  forgetVerifier(personId: string): void {
    this.passwords.forgetVerifier(personId);
  }

  /**
   * The person's SSO password changed (for a future `identity.credential.changed` event; README "Password
   * changes"): the old password must stop opening the network now, not when its verifier expires, and a
   * password refused before the change may be the new one.
   */
  forgetPasswords(personId: string): void {
    this.passwords.forgetPasswords(personId);
  }

  /**
   * Evaluates an Access-Request. A PAP login of a person already in the directory cache whose password
   * matches the verifier cache — the common case by far — is answered synchronously: no promise per packet.
   */
  evaluate(context: RadiusRequestContext): AccessReply | AccessDrop | Promise<AccessReply | AccessDrop> {
    const { packet } = context;
    const username = textAttribute(packet, Attr.UserName) ?? '';
    const usernameMac = normalizeMac(username);
    const hasChap = findAttribute(packet, Attr.ChapPassword) !== undefined;
    let callingMac: string | null | undefined;
    const calling = (): string | null =>
      callingMac === undefined
        ? (callingMac = normalizeMac(textAttribute(packet, Attr.CallingStationId) ?? '') ?? null)
        : callingMac;
    const isMab =
      usernameMac !== undefined &&
      (integerAttribute(packet, Attr.ServiceType) === ServiceType.CallCheck || usernameMac === calling());
    const method: AuthMethod = isMab ? 'mab' : hasChap ? 'chap' : 'pap';

    const verdict: Verdict | Promise<Verdict> =
      username === ''
        ? { accept: false, reason: 'unknown-user' }
        : method === 'mab'
          ? this.macAuthentication(usernameMac!)
          : method === 'chap'
            ? this.chapAuthentication(context, username)
            : this.papAuthentication(context, username);
    const answer = (settled: Verdict): AccessReply | AccessDrop | Promise<AccessReply> =>
      settled.accept
        ? {
            code: RadiusCode.AccessAccept,
            attributes: acceptAttributes(settled.vlan, settled.sessionTimeout),
          }
        : settled.reason === 'sso-unavailable' && this.config.SSO_UNAVAILABLE_ACTION === 'drop'
          ? SSO_OUTAGE_DROP
          : this.reject(context, username, calling() ?? usernameMac ?? null, method, settled.reason);
    return verdict instanceof Promise ? verdict.then(answer) : answer(verdict);
  }

  private async reject(
    context: RadiusRequestContext,
    username: string,
    macAddress: string | null,
    method: AuthMethod,
    reason: RejectReason,
  ): Promise<AccessReply> {
    radiusRejects.inc({ method, reason });
    const span = rejectedAccessRequestSpan(context.client, method, reason, context.receivedAt);
    try {
      await this.rejections.submit({
        username: username === '' ? '(empty)' : username.slice(0, 253),
        macAddress,
        nasId: context.client.id,
        schoolCode: context.client.schoolCode,
        method,
        reason,
        at: context.receivedAt,
        traceHeaders: span.headers,
      });
      span.end();
    } catch (error) {
      span.end(error);
      throw error;
    }
    return {
      code: RadiusCode.AccessReject,
      attributes: [attribute.text(Attr.ReplyMessage, rejectMessages[reason])],
    };
  }

  private async macAuthentication(macAddress: string): Promise<Verdict> {
    const terminal = await this.terminals.findByMac(macAddress);
    if (!terminal) return { accept: false, reason: 'unknown-terminal' };
    if (!terminal.enabled) return { accept: false, reason: 'terminal-disabled' };
    return {
      accept: true,
      vlan: terminal.vlan ?? this.config.TERMINAL_DEFAULT_VLAN,
      sessionTimeout: this.config.SESSION_TIMEOUT_SECONDS,
    };
  }

  private async chapAuthentication(context: RadiusRequestContext, accountName: string): Promise<Verdict> {
    const terminal = await this.terminals.findByAccount(accountName);
    if (!terminal || terminal.chapSecret === null) return { accept: false, reason: 'unknown-terminal' };
    const { packet } = context;
    const challenge = findAttribute(packet, Attr.ChapChallenge) ?? packet.authenticator;
    const chapPassword = findAttribute(packet, Attr.ChapPassword)!;
    if (!verifyChapPassword(chapPassword, Buffer.from(terminal.chapSecret, 'utf8'), challenge)) {
      return { accept: false, reason: 'bad-password' };
    }
    if (!terminal.enabled) return { accept: false, reason: 'terminal-disabled' };
    return {
      accept: true,
      vlan: terminal.vlan ?? this.config.TERMINAL_DEFAULT_VLAN,
      sessionTimeout: this.config.SESSION_TIMEOUT_SECONDS,
    };
  }

  private papAuthentication(context: RadiusRequestContext, staffNo: string): Verdict | Promise<Verdict> {
    const hidden = findAttribute(context.packet, Attr.UserPassword);
    if (!hidden) return { accept: false, reason: 'bad-password' };
    const cached = this.people.cachedByStaffNo(staffNo);
    return cached === NOT_CACHED
      ? this.people
          .findByStaffNo(staffNo)
          .then((person) => this.papForPerson(context, staffNo, hidden, person))
      : this.papForPerson(context, staffNo, hidden, cached);
  }

  private papForPerson(
    context: RadiusRequestContext,
    staffNo: string,
    hidden: Buffer,
    person: DirectoryPerson | undefined,
  ): Verdict | Promise<Verdict> {
    if (!person) return { accept: false, reason: 'unknown-user' };
    if (person.status !== 'active') return { accept: false, reason: 'person-inactive' };
    const roles = networkRolesInForce(person.roles, shanghaiDate(context.receivedAt));
    if (roles.length === 0) return { accept: false, reason: 'no-network-role' };

    const clear = revealUserPassword(hidden, context.client.secret, context.packet.authenticator);
    const password = plausiblePassword(clear);
    if (password === undefined) return { accept: false, reason: 'bad-password' };
    const accepted: Verdict = {
      accept: true,
      vlan: vlanForRoles(roles, this.vlanByRole),
      sessionTimeout: sessionTimeoutFor(roles, this.config.SESSION_TIMEOUT_SECONDS, context.receivedAt),
    };
    if (this.passwords.knownGood(person.personId, clear)) return accepted;
    const verdict = this.passwords.check(person.personId, staffNo, context.client.id, clear, password);
    const settle = (gate: GateVerdict): Verdict =>
      gate === 'valid' ? accepted : { accept: false, reason: rejectReasonOf[gate] };
    return verdict instanceof Promise ? verdict.then(settle) : settle(verdict);
  }
}
