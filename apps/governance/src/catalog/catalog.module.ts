import { Module } from '@nestjs/common';
import { CatalogWriter } from './catalog-writer';
import { CatalogService } from './catalog.service';
import { DatasetsController } from './datasets.controller';
import { ReviewsController } from './reviews.controller';
import { ServiceCatalogProjection } from './service-catalog.projection';

@Module({
  controllers: [DatasetsController, ReviewsController],
  providers: [CatalogWriter, CatalogService, ServiceCatalogProjection],
  exports: [CatalogService, CatalogWriter],
})
export class CatalogModule {}
