import { Inject, Module } from '@nestjs/common';
import { PATH_EXCEPTION_FILTERS, PathExceptionFilter } from '@edubase/http';
import { PeopleModule } from '../people/people.module';
import { ScimExceptionFilter } from './scim-error';
import { ScimGroupsService } from './scim-groups.service';
import { ScimUsersService } from './scim-users.service';
import { ScimController } from './scim.controller';

/**
 * application/scim+json bodies are parsed by the platform's JSON parser (every +json type, depth-limited);
 * every error under /scim/, a body refused before the route included, is a SCIM error (RFC 7644 §3.12).
 */
@Module({
  imports: [PeopleModule],
  controllers: [ScimController],
  providers: [ScimUsersService, ScimGroupsService],
})
export class ScimModule {
  constructor(@Inject(PATH_EXCEPTION_FILTERS) filters: PathExceptionFilter[]) {
    filters.push({ pathPrefix: '/scim/', filter: new ScimExceptionFilter() });
  }
}
