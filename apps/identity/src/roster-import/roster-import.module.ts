import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { ROSTER_UPLOAD_TYPES, RosterImportController } from './roster-import.controller';
import { RosterImportService } from './roster-import.service';

/** A 20,000-row XLSX with every column is about 2 MB; leave room without inviting abuse. */
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

@Module({
  imports: [KeycloakModule],
  controllers: [RosterImportController],
  providers: [RosterImportService],
  exports: [RosterImportService],
})
export class RosterImportModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The roster arrives as the raw request body (see README: why not multipart). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const type of ROSTER_UPLOAD_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
        (_request, body, done) => done(null, body),
      );
    }
  }
}
