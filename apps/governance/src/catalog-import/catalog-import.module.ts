import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { acceptRawUploads } from '@edubase/uploads';
import { CatalogModule } from '../catalog/catalog.module';
import { CATALOG_UPLOAD_TYPES, CatalogImportController } from './catalog-import.controller';
import { CATALOG_UPLOAD_LIMITS, CatalogImportService } from './catalog-import.service';

@Module({
  imports: [CatalogModule],
  controllers: [CatalogImportController],
  providers: [CatalogImportService],
})
export class CatalogImportModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The file arrives as the raw body (as identity's roster import): larger than the limit is a 413 before it is read. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    acceptRawUploads(fastify, CATALOG_UPLOAD_TYPES, CATALOG_UPLOAD_LIMITS.maxBytes);
  }
}
