import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ServiceAccountToken } from '../common/service-account';
import { KeycloakClientScopes } from './keycloak-client-scopes';
import { SharingController } from './sharing.controller';
import { SharingService } from './sharing.service';

@Module({
  imports: [CatalogModule],
  controllers: [SharingController],
  providers: [SharingService, KeycloakClientScopes, ServiceAccountToken],
})
export class SharingModule {}
