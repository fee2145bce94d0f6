import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { PeopleModule } from '../people/people.module';
import { ScimGroupsService } from './scim-groups.service';
import { SCIM_CONTENT_TYPE } from './scim-schemas';
import { ScimUsersService } from './scim-users.service';
import { ScimController } from './scim.controller';

@Module({
  imports: [PeopleModule],
  controllers: [ScimController],
  providers: [ScimUsersService, ScimGroupsService],
})
export class ScimModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** SCIM clients send application/scim+json (RFC 7644 §3.1), which Fastify does not parse by itself. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(SCIM_CONTENT_TYPE)) return;
    fastify.addContentTypeParser(
      SCIM_CONTENT_TYPE,
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_request, body, done) => {
        try {
          done(null, body === '' ? undefined : (JSON.parse(body as string) as unknown));
        } catch {
          const error = Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 });
          done(error, undefined);
        }
      },
    );
  }
}
