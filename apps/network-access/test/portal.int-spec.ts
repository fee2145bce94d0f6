import { createSocket, Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { passwordGrantToken, radclient, waitFor } from '@edubase/testing';
import { PersonEntity, PersonRoleEntity } from '../src/database/person.entity';
import { PortalSessionEntity } from '../src/database/portal-session.entity';
import {
  addressAttribute,
  Attr,
  decodePacket,
  encodeResponse,
  RadiusCode,
  RadiusPacket,
  textAttribute,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
} from '../src/radius';
import { api, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

const schoolA = '3101200001';
const secret = 'nas-shared-secret-portal';
// Keycloak's demo users (password Passw0rd!); the projection below decides what each may do.
const teacher = { personId: randomUUID(), staffNo: 'teacher.3101200001' };
const roleless = { personId: randomUUID(), staffNo: 'leader1' };

/** A browser's cookie jar, per origin host, just enough for Keycloak's login and the portal. */
class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();

  async get(url: string): Promise<Response> {
    return this.request(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    this.cookies.set(host, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
    return response;
  }
}

function htmlAttribute(html: string, pattern: RegExp): string {
  const match = pattern.exec(html);
  if (!match) throw new Error(`no ${String(pattern)} in:\n${html.slice(0, 2000)}`);
  return match[1]!.replace(/&amp;/g, '&');
}

/** Opens the portal as the BRAS would redirect a phone to it, then signs in on Keycloak's own login form. */
async function signInThroughPortal(
  base: string,
  device: { mac: string; ip: string; nas: string },
  username: string,
): Promise<{ landing: string; result: Response; resultHtml: string; browser: Browser; callbackUrl: string }> {
  const browser = new Browser();
  const landingResponse = await browser.get(`${base}/portal?${new URLSearchParams(device).toString()}`);
  expect(landingResponse.status).toBe(200);
  expect(landingResponse.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const landing = await landingResponse.text();
  const loginHref = htmlAttribute(landing, /href="(\/portal\/login\?[^"]+)"/);

  const toKeycloak = await browser.get(`${base}${loginHref}`);
  expect(toKeycloak.status).toBe(302);
  const authorizationUrl = new URL(toKeycloak.headers.get('location')!);
  expect(authorizationUrl.searchParams.get('client_id')).toBe('edubase-web');
  expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${base}/portal/callback`);

  const form = await browser.get(authorizationUrl.toString());
  expect(form.status).toBe(200);
  const action = htmlAttribute(await form.text(), /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/);
  const afterLogin = await browser.postForm(action, { username, password: 'Passw0rd!', credentialId: '' });
  expect(afterLogin.status).toBe(302);
  const callbackUrl = afterLogin.headers.get('location')!;
  expect(callbackUrl.startsWith(`${base}/portal/callback?`)).toBe(true);

  const result = await browser.get(callbackUrl);
  return { landing, result, resultHtml: await result.text(), browser, callbackUrl };
}

describe('captive portal: Keycloak SSO sign-in and BRAS hand-off by CoA', () => {
  let harness: Harness;
  let base: string;
  let bras: Socket;
  const coaRequests: RadiusPacket[] = [];
  let nasAnswer: RadiusCode = RadiusCode.CoaAck;

  beforeAll(async () => {
    harness = await startNetworkAccess('portal', {
      // The confidential client the lead's `npm start` uses for PAP, checked here as well.
      SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
      SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
    });
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(harness.app.getHttpServer().address() as AddressInfo).port}`;

    // The BRAS's RFC 5176 port: records each CoA-Request whose authenticators check out, and answers it.
    bras = createSocket('udp4');
    bras.on('message', (datagram, remote) => {
      const decoded = decodePacket(datagram);
      if (!decoded.ok) return;
      const { packet } = decoded;
      if (!verifyRequestAuthenticator(packet, Buffer.from(secret))) return;
      if (!verifyMessageAuthenticator(packet, Buffer.from(secret))) return;
      coaRequests.push(packet);
      bras.send(encodeResponse(packet, nasAnswer, [], Buffer.from(secret)), remote.port, remote.address);
    });
    await new Promise<void>((resolve) => bras.bind(0, '127.0.0.1', () => resolve()));

    const districtToken = await passwordGrantToken('district.admin');
    const created = await api(harness, districtToken, 'POST', '/nas', {
      schoolCode: schoolA,
      name: '实验小学 BRAS',
      ip: '127.0.0.1',
      sharedSecret: secret,
      vendor: 'huawei',
      model: 'ME60',
      location: '区中心机房',
      coaPort: bras.address().port,
    });
    expect(created.status).toBe(201);

    for (const who of [teacher, roleless]) {
      await harness.publish(
        'identity.person.created.v1',
        {
          personId: who.personId,
          kind: 'staff',
          staffNo: who.staffNo,
          studentNo: null,
          name: who.staffNo,
          schoolCode: schoolA,
          orgId: null,
          status: 'active',
        },
        schoolA,
      );
    }
    await harness.publish(
      'identity.role.granted.v1',
      {
        personId: teacher.personId,
        staffNo: teacher.staffNo,
        role: 'teacher',
        scope: 'school',
        schoolCode: schoolA,
        endsAt: null,
      },
      schoolA,
    );
    await waitFor('identity projection', 30_000, async () => {
      const people = await harness.dataSource.getRepository(PersonEntity).count();
      const roles = await harness.dataSource.getRepository(PersonRoleEntity).count();
      return people === 2 && roles === 1;
    });
  });

  afterAll(async () => {
    await harness?.close();
    bras?.close();
  });

  beforeEach(() => {
    coaRequests.length = 0;
    nasAnswer = RadiusCode.CoaAck;
  });

  it('PAP checks the SSO password through the confidential edubase-netaccess client', async () => {
    const attempt = (password: string) =>
      radclient(harness.authPort, 'auth', secret, [
        `User-Name = "${teacher.staffNo}"`,
        `User-Password = "${password}"`,
      ]);
    expect((await attempt('Passw0rd!')).code).toBe('Access-Accept');
  });

  it('signs a teacher in through Keycloak, records the portal session and authorizes the device by CoA', async () => {
    const device = { mac: 'AA:BB:CC:DD:EE:01', ip: '10.31.12.45', nas: '127.0.0.1' };
    const { landing, result, resultHtml } = await signInThroughPortal(base, device, teacher.staffNo);
    expect(landing).toContain('统一身份认证登录');
    expect(landing).toContain('aa-bb-cc-dd-ee-01');
    expect(result.status).toBe(200);
    expect(resultHtml).toContain('认证成功');

    const sessions = await harness.dataSource.getRepository(PortalSessionEntity).find();
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session).toMatchObject({
      personId: teacher.personId,
      staffNo: teacher.staffNo,
      schoolCode: schoolA,
      macAddress: 'aa-bb-cc-dd-ee-01',
      framedIp: '10.31.12.45',
      nasIp: '127.0.0.1',
      handoffKind: 'coa',
      handoffResult: 'ack',
    });

    expect(coaRequests).toHaveLength(1);
    const [coa] = coaRequests;
    expect(coa!.code).toBe(RadiusCode.CoaRequest);
    expect(textAttribute(coa!, Attr.UserName)).toBe(teacher.staffNo);
    expect(textAttribute(coa!, Attr.CallingStationId)).toBe('aa-bb-cc-dd-ee-01');
    expect(addressAttribute(coa!, Attr.FramedIpAddress)).toBe('10.31.12.45');
    expect(textAttribute(coa!, Attr.Class)).toBe(`edubase-portal:${session!.id}`);

    const events: Array<{ payload: string }> = await harness.dataSource.query(
      "SELECT payload FROM outbox_event_written WHERE topic = 'netaccess.session.started.v1'",
    );
    expect(events.map((row) => JSON.parse(row.payload) as unknown)).toEqual([
      expect.objectContaining({
        schoolCode: schoolA,
        data: expect.objectContaining({
          sessionId: `portal:${session!.id}`,
          username: teacher.staffNo,
          personId: teacher.personId,
          macAddress: 'aa-bb-cc-dd-ee-01',
          framedIp: '10.31.12.45',
        }),
      }),
    ]);
  });

  it('tells the person when the BRAS refuses the hand-off, and records the NAK', async () => {
    nasAnswer = RadiusCode.CoaNak;
    const device = { mac: 'aa-bb-cc-dd-ee-02', ip: '10.31.12.46', nas: '127.0.0.1' };
    const { result, resultHtml } = await signInThroughPortal(base, device, teacher.staffNo);
    expect(result.status).toBe(502);
    expect(resultHtml).toContain('开通网络失败');
    expect(coaRequests).toHaveLength(1);
    const session = await harness.dataSource
      .getRepository(PortalSessionEntity)
      .findOneByOrFail({ macAddress: 'aa-bb-cc-dd-ee-02' });
    expect(session.handoffResult).toBe('nak');
  });

  it('refuses a person without a network role after the SSO sign-in, and hands nothing to the BRAS', async () => {
    const device = { mac: 'aa-bb-cc-dd-ee-03', ip: '10.31.12.47', nas: '127.0.0.1' };
    const { result, resultHtml } = await signInThroughPortal(base, device, roleless.staffNo);
    expect(result.status).toBe(403);
    expect(resultHtml).toContain('当前角色没有上网权限');
    expect(coaRequests).toHaveLength(0);
    expect(
      await harness.dataSource
        .getRepository(PortalSessionEntity)
        .countBy({ macAddress: 'aa-bb-cc-dd-ee-03' }),
    ).toBe(0);
  });

  it('refuses a callback replayed from another browser, and unknown NASes and bad parameters up front', async () => {
    const device = { mac: 'aa-bb-cc-dd-ee-04', ip: '10.31.12.48', nas: '127.0.0.1' };
    const { callbackUrl } = await signInThroughPortal(base, device, teacher.staffNo);
    const replay = await new Browser().get(callbackUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('登录已失效');

    const unknownNas = await fetch(`${base}/portal?mac=aa-bb-cc-dd-ee-05&ip=10.31.12.49&nas=10.99.0.1`);
    expect(unknownNas.status).toBe(400);
    expect(await unknownNas.text()).toContain('接入设备未登记或已停用');

    const malformed = await fetch(`${base}/portal?mac=not-a-mac&ip=10.31.12.300&nas=127.0.0.1`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await malformed.json()) as { errors: Array<{ field: string }> };
    expect([...new Set(problem.errors.map((error) => error.field))].sort()).toEqual(['ip', 'mac']);
  });
});
