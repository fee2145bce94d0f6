import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@edubase/auth';
import { rejectMessages, schoolNetworkAdmin } from '../access/reject-reasons';
import { NetworkAccessConfig } from '../network-access.config';
import { normalizeMac } from '../shared/mac-address';
import { PortalCallbackQuery, PortalDeviceQuery } from './portal.dto';
import { DeviceView, loginPage, resultPage, ResultView } from './portal-pages';
import { PortalLoginResult, PortalService } from './portal.service';

const NONCE_COOKIE = 'edubase_portal_nonce';

/** Pages the browser renders: no scripts, no framing, nothing cached, no state leaked in a Referer. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function deviceQueryString(device: { macAddress: string; ip: string; nasIp: string }): string {
  return new URLSearchParams({ mac: device.macAddress, ip: device.ip, nas: device.nasIp }).toString();
}

/**
 * The captive portal (Portal 认证页). Every route is @Public(): the browser reaching it belongs to a device
 * the BRAS has not let onto the network yet, so it has no EduBase token — obtaining one is what the portal
 * is for. The person is authenticated by Keycloak (code + PKCE) before anything is authorized.
 */
@ApiExcludeController()
@Controller('portal')
export class PortalController {
  constructor(
    private readonly portal: PortalService,
    private readonly config: NetworkAccessConfig,
  ) {}

  @Get()
  @Public()
  landing(@Query() query: PortalDeviceQuery, @Res() reply: FastifyReply): void {
    const device = { macAddress: normalizeMac(query.mac)!, ip: query.ip, nasIp: query.nas };
    const nas = this.portal.nasOf(device.nasIp);
    if (!nas) return this.send(reply, 400, resultPage(unknownNasView));
    const view: DeviceView = { macAddress: device.macAddress, ip: device.ip, nasName: nas.name };
    this.send(reply, 200, loginPage(view, `/portal/login?${deviceQueryString(device)}`));
  }

  @Get('login')
  @Public()
  login(@Query() query: PortalDeviceQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const device = { macAddress: normalizeMac(query.mac)!, ip: query.ip, nasIp: query.nas };
    if (!this.portal.nasOf(device.nasIp)) return this.send(reply, 400, resultPage(unknownNasView));
    const { authorizationUrl, nonce } = this.portal.beginLogin(device, this.redirectUri(request));
    const secure = this.baseUrl(request).startsWith('https:') ? '; Secure' : '';
    void reply
      .code(302)
      .header('cache-control', 'no-store')
      .header(
        'set-cookie',
        `${NONCE_COOKIE}=${nonce}; Path=/portal; HttpOnly; SameSite=Lax; Max-Age=${this.config.PORTAL_LOGIN_TTL_SECONDS}${secure}`,
      )
      .header('location', authorizationUrl)
      .send();
  }

  @Get('callback')
  @Public()
  async callback(
    @Query() query: PortalCallbackQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const login = this.portal.pendingLogin(query.state, cookieValue(request, NONCE_COOKIE));
    if (!login) {
      return this.send(
        reply,
        400,
        resultPage({ ok: false, title: '登录已失效', message: '请从认证页面重新登录。' }),
      );
    }
    const retryHref = `/portal?${deviceQueryString(login)}`;
    if (query.error || !query.code) {
      const message = query.error === 'access_denied' ? '您已取消登录。' : '统一身份认证未完成登录，请重试。';
      return this.send(reply, 400, resultPage({ ok: false, title: '认证未完成', message, retryHref }));
    }
    const result = await this.portal.completeLogin(login, query.code, this.redirectUri(request));
    const [status, view] = this.resultView(result, retryHref, login);
    this.send(reply, status, resultPage(view));
  }

  private resultView(
    result: PortalLoginResult,
    retryHref: string,
    login: { macAddress: string; ip: string },
  ): [number, ResultView] {
    switch (result.kind) {
      case 'authorized':
        return [
          200,
          {
            ok: true,
            title: '认证成功',
            message: '您的设备已可以访问教育城域网。',
            device: { macAddress: login.macAddress, ip: login.ip, nasName: result.nas.name },
          },
        ];
      case 'handoff-failed':
        return [
          502,
          {
            ok: false,
            title: '认证成功，开通网络失败',
            message: `接入设备未确认放行，请稍后重试或联系${schoolNetworkAdmin}。`,
            retryHref,
          },
        ];
      case 'denied':
        if (result.reason === 'unknown-nas') return [400, unknownNasView];
        if (result.reason === 'sso-failed') {
          return [
            502,
            { ok: false, title: '认证失败', message: rejectMessages['sso-unavailable'], retryHref },
          ];
        }
        return [403, { ok: false, title: '认证失败', message: rejectMessages[result.reason], retryHref }];
    }
  }

  private send(reply: FastifyReply, status: number, html: string): void {
    void reply.code(status).headers(PAGE_HEADERS).send(html);
  }

  private baseUrl(request: FastifyRequest): string {
    return (this.config.PORTAL_BASE_URL ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
  }

  private redirectUri(request: FastifyRequest): string {
    return `${this.baseUrl(request)}/portal/callback`;
  }
}

const unknownNasView: ResultView = {
  ok: false,
  title: '无法认证',
  message: `接入设备未登记或已停用，请联系${schoolNetworkAdmin}。`,
};
