import { Body, Controller, Get, Header, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, AuthenticatedUser, CurrentUser, Public } from '@edubase/auth';
import { IdentityConfig } from '../identity.config';
import { accountCss, accountHtml, accountScript } from './account-page.assets';
import { ACCOUNT_PAGE_CLIENT_ID, AccountPageService, AccountTokenRequest } from './account-page.service';

@ApiTags('我的账号 account page')
@Controller('account')
export class AccountPageController {
  private readonly html: string;
  private readonly contentSecurityPolicy: string;

  constructor(
    private readonly account: AccountPageService,
    @Inject(IdentityConfig) config: IdentityConfig,
  ) {
    this.html = accountHtml({
      keycloakUrl: config.KEYCLOAK_URL,
      realm: config.KEYCLOAK_REALM,
      clientId: ACCOUNT_PAGE_CLIENT_ID,
    });
    // Only our own script runs; tokens go to Keycloak and to this service, nowhere else.
    this.contentSecurityPolicy = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  @Get()
  @Public() // the page holds no data: it signs the user in and then calls /account/me with their token
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiExcludeEndpoint()
  page(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('Content-Security-Policy', this.contentSecurityPolicy);
    return this.html;
  }

  @Get('account.js')
  @Public() // static script, no data
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiExcludeEndpoint()
  script() {
    return accountScript;
  }

  @Get('account.css')
  @Public() // static style sheet, no data
  @Header('Content-Type', 'text/css; charset=utf-8')
  @ApiExcludeEndpoint()
  style() {
    return accountCss;
  }

  @Post('token')
  @HttpCode(200)
  @Public() // redeems a PKCE code for the public client: needs the browser's code verifier, grants nothing more
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Redeem the authorization code (+ PKCE verifier) of the 我的账号 page' })
  token(@Body() request: AccountTokenRequest) {
    return this.account.redeemCode(request);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: '我的账号: the caller’s name, school, unit and roles (Chinese labels)' })
  me(@CurrentUser() user: AuthenticatedUser) {
    return this.account.me(user);
  }
}
