import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { acceptRawUploads } from '@edubase/uploads';
import { IdentityConfig } from '../identity.config';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { PeopleModule } from '../people/people.module';
import { ROSTER_UPLOAD_TYPES, RosterImportController } from './roster-import.controller';
import { RosterImportRecovery } from './roster-import-recovery';
import { RosterImportService } from './roster-import.service';

@Module({
  imports: [KeycloakModule, PeopleModule],
  controllers: [RosterImportController],
  providers: [RosterImportService, RosterImportRecovery],
  exports: [RosterImportService],
})
export class RosterImportModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /**
   * The roster arrives as the raw request body (see README: why not multipart), at most UPLOAD_MAX_BYTES
   * of it: a larger one is answered 413 (field `file`) before it is read.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    acceptRawUploads(fastify, ROSTER_UPLOAD_TYPES, this.config.UPLOAD_MAX_BYTES);
  }
}
