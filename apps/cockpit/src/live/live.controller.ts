import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { ScopeQueryDto } from '../indicators/indicators.dto';
import { authorizedScope, COCKPIT_ROLES } from '../indicators/scope-access';
import { LiveHub } from './live-hub.service';

/** Streams end after this long; the client reconnects with its current token, so access is re-checked. */
export const LIVE_STREAM_MAX_MS = 5 * 60_000;
const KEEPALIVE_MS = 15_000;

@ApiTags('live 实时推送')
@Controller('api')
export class LiveController {
  constructor(private readonly hub: LiveHub) {}

  /**
   * Server-sent events with a bearer token: browsers' EventSource cannot send headers, so the dashboard
   * reads this stream with fetch() and a ReadableStream. Each `overview` event is the full overview of the
   * scope, sent first on connect and then within a fraction of a second of each committed change.
   */
  @Get('live')
  @Roles(...COCKPIT_ROLES)
  @ApiOperation({ summary: 'Live indicators of one scope (text/event-stream)' })
  @ApiProduces('text/event-stream')
  live(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ScopeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const scope = authorizedScope(user, query.school);
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write(`retry: 1000\n: scope ${scope}\n\n`);
    const unsubscribe = this.hub.subscribe(scope, (event, data) => {
      stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const keepalive = setInterval(() => stream.write(': keepalive\n\n'), KEEPALIVE_MS);
    const end = setTimeout(() => stream.end(), LIVE_STREAM_MAX_MS);
    const close = (): void => {
      unsubscribe();
      clearInterval(keepalive);
      clearTimeout(end);
    };
    request.raw.on('close', close);
    stream.on('close', close);
  }
}
