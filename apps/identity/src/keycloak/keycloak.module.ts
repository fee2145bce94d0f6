import { Module } from '@nestjs/common';
import { KeycloakAdminAdapter } from './keycloak-admin.adapter';
import { KeycloakSyncService } from './keycloak-sync.service';

@Module({
  providers: [KeycloakAdminAdapter, KeycloakSyncService],
  exports: [KeycloakAdminAdapter, KeycloakSyncService],
})
export class KeycloakModule {}
