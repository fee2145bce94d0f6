import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { KeycloakClientScopes } from './keycloak-client-scopes';
import { SharingController } from './sharing.controller';
import { SharingService } from './sharing.service';

@Module({
  imports: [CatalogModule],
  controllers: [SharingController],
  providers: [SharingService, KeycloakClientScopes],
})
export class SharingModule {}
