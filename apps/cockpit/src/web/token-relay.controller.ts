import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@edubase/auth';
import { CockpitConfig } from '../cockpit.config';
import { TokenRelayDto } from './token-relay.dto';

/**
 * The dashboard's token requests, relayed to Keycloak from the same origin as the page. The realm's
 * `edubase-web` client allows any loopback port in redirect URIs but its web origins ("+") only the
 * port-less origin, so a browser on http://127.0.0.1:3106 cannot call the token endpoint directly (CORS).
 * Nothing is added here: it is the public client, PKCE still binds the code to the browser's verifier,
 * and Keycloak answers as it would the browser.
 */
@ApiTags('web 驾驶舱前端')
@Controller('api/auth')
export class TokenRelayController {
  constructor(private readonly config: CockpitConfig) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a sign-in code or refresh token of the dashboard (relayed to Keycloak)',
  })
  async token(@Body() body: TokenRelayDto, @Res() reply: FastifyReply): Promise<void> {
    const form = new URLSearchParams({
      client_id: this.config.COCKPIT_WEB_CLIENT_ID,
      grant_type: body.grantType,
    });
    if (body.grantType === 'authorization_code') {
      form.set('code', body.code ?? '');
      form.set('redirect_uri', body.redirectUri ?? '');
      form.set('code_verifier', body.codeVerifier ?? '');
    } else {
      form.set('refresh_token', body.refreshToken ?? '');
    }
    const url = `${this.config.KEYCLOAK_URL}/realms/${this.config.KEYCLOAK_REALM}/protocol/openid-connect/token`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      await reply.code(502).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'Keycloak is not reachable.',
      });
      return;
    }
    await reply
      .code(response.status)
      .header('cache-control', 'no-store')
      .type(response.headers.get('content-type') ?? 'application/json')
      .send(await response.text());
  }
}
