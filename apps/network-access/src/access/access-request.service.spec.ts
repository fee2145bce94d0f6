import type { DataSource } from 'typeorm';
import type { OutboxPublisher } from '@edubase/messaging';
import { NetworkAccessConfig } from '../network-access.config';
import type { DirectoryPerson, PersonDirectoryService } from '../people/person-directory.service';
import { Attr, attribute, decodePacket, encodeAccessRequest, hideUserPassword, RadiusCode } from '../radius';
import type { AccessDrop, AccessReply, RadiusRequestContext } from '../server/radius-server';
import type { TerminalDirectoryService } from '../terminals/terminal-directory.service';
import { AccessRequestService } from './access-request.service';
import type { SsoPasswordClient, SsoVerdict } from './sso-password.client';

const secret = Buffer.from('unit-nas-secret');
const teacher: DirectoryPerson = {
  personId: 'p-1',
  staffNo: 'teacher.1',
  name: '张老师',
  schoolCode: '3101200001',
  status: 'active',
  roles: [{ role: 'teacher', endsAt: null }],
};

/** The service with Keycloak answering `keycloak.verdict`, and what it published as rejections. */
function service(overrides: Partial<NetworkAccessConfig> = {}) {
  const keycloak = { verdict: 'valid' as SsoVerdict, calls: 0 };
  const sso = {
    verify: async () => {
      keycloak.calls += 1;
      return keycloak.verdict;
    },
  } as unknown as SsoPasswordClient;
  const people = { cachedByStaffNo: () => teacher } as unknown as PersonDirectoryService;
  const published: Array<{ data: { reason: string } }> = [];
  const outbox = {
    publishMany: async (_manager: unknown, _topic: string, events: Array<{ data: { reason: string } }>) => {
      published.push(...events);
    },
  } as unknown as OutboxPublisher;
  const dataSource = {
    transaction: async (work: (manager: object) => Promise<unknown>) => work({}),
  } as unknown as DataSource;
  const config = Object.assign(new NetworkAccessConfig(), overrides);
  const access = new AccessRequestService(
    config,
    people,
    {} as TerminalDirectoryService,
    sso,
    outbox,
    dataSource,
  );
  return { access, keycloak, published };
}

function pap(password: string): RadiusRequestContext {
  const authenticator = Buffer.alloc(16, 7);
  const raw = encodeAccessRequest(
    1,
    [
      attribute.text(Attr.UserName, teacher.staffNo),
      attribute.octets(Attr.UserPassword, hideUserPassword(Buffer.from(password), secret, authenticator)),
    ],
    secret,
    { authenticator },
  );
  const decoded = decodePacket(raw);
  if (!decoded.ok) throw new Error(decoded.reason);
  return {
    port: 'auth',
    packet: decoded.packet,
    client: {
      id: 'nas-1',
      ip: '127.0.0.1',
      schoolCode: '3101200001',
      secret,
      requireMessageAuthenticator: false,
      enabled: true,
    },
    remote: { address: '127.0.0.1', port: 40000 },
    receivedAt: new Date(),
  };
}

function reply(answer: AccessReply | AccessDrop): AccessReply {
  if ('drop' in answer) throw new Error(`dropped: ${answer.drop}`);
  return answer;
}

describe('AccessRequestService while Keycloak does not answer', () => {
  it('drops the request by default, so the NAS fails over, and records no rejection', async () => {
    const { access, keycloak, published } = service();
    keycloak.verdict = 'unavailable';
    expect(await access.evaluate(pap('Passw0rd!'))).toEqual({ drop: 'sso-unavailable' });
    expect(published).toEqual([]);
    // The NAS's retransmission soon after is dropped without asking Keycloak again.
    expect(await access.evaluate(pap('Passw0rd!'))).toEqual({ drop: 'sso-unavailable' });
    expect(keycloak.calls).toBe(1);
  });

  it('rejects with sso-unavailable when SSO_UNAVAILABLE_ACTION=reject', async () => {
    const { access, keycloak, published } = service({ SSO_UNAVAILABLE_ACTION: 'reject' });
    keycloak.verdict = 'unavailable';
    const answer = reply(await access.evaluate(pap('Passw0rd!')));
    expect(answer.code).toBe(RadiusCode.AccessReject);
    expect(published.map((event) => event.data.reason)).toEqual(['sso-unavailable']);
  });

  it('still accepts a password Keycloak accepted before, synchronously', async () => {
    const { access, keycloak } = service();
    expect(reply(await access.evaluate(pap('Passw0rd!'))).code).toBe(RadiusCode.AccessAccept);
    keycloak.verdict = 'unavailable';
    const cached = access.evaluate(pap('Passw0rd!'));
    expect(cached).not.toBeInstanceOf(Promise);
    expect(reply(cached as AccessReply).code).toBe(RadiusCode.AccessAccept);
    expect(keycloak.calls).toBe(1);
  });
});

describe('AccessRequestService after a wrong password', () => {
  it('refuses another password within the back-off as rate-limited, the same one as bad-password, unasked', async () => {
    const { access, keycloak, published } = service();
    keycloak.verdict = 'invalid';
    expect(reply(await access.evaluate(pap('wrong-1'))).code).toBe(RadiusCode.AccessReject);
    const limited = reply(await access.evaluate(pap('wrong-2')));
    const message = limited.attributes.find((candidate) => candidate.type === Attr.ReplyMessage);
    expect(message?.value.toString('utf8')).toBe('尝试过于频繁，请稍后再试');
    expect(reply(await access.evaluate(pap('wrong-1'))).code).toBe(RadiusCode.AccessReject);
    expect(keycloak.calls).toBe(1);
    expect(published.map((event) => event.data.reason)).toEqual([
      'bad-password',
      'rate-limited',
      'bad-password',
    ]);
  });
});

describe('AccessRequestService after a password change', () => {
  it('asks Keycloak again for a password it remembered as right, and for one it remembered as wrong', async () => {
    const { access, keycloak } = service({ SSO_USER_BACKOFF_BASE_MS: 1000 });
    expect(reply(await access.evaluate(pap('old-password'))).code).toBe(RadiusCode.AccessAccept);
    keycloak.verdict = 'invalid';
    expect(reply(await access.evaluate(pap('new-password'))).code).toBe(RadiusCode.AccessReject);
    expect(keycloak.calls).toBe(2);

    access.forgetPasswords(teacher.personId);
    expect(reply(await access.evaluate(pap('old-password'))).code).toBe(RadiusCode.AccessReject);
    expect(keycloak.calls).toBe(2); // the back-off after the refused one holds, unasked
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    keycloak.verdict = 'valid';
    expect(reply(await access.evaluate(pap('new-password'))).code).toBe(RadiusCode.AccessAccept);
    expect(keycloak.calls).toBe(3);
  });
});
