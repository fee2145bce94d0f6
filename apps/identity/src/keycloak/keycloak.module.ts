import { Module } from '@nestjs/common';
import { KeycloakAdminAdapter } from './keycloak-admin.adapter';
import { KeycloakChangeWatcher } from './keycloak-change-watcher';
import { KeycloakSyncOutbox } from './keycloak-sync-outbox';
import { KeycloakSyncWorker } from './keycloak-sync-worker';
import { KeycloakSyncService } from './keycloak-sync.service';

@Module({
  providers: [
    KeycloakAdminAdapter,
    KeycloakSyncOutbox,
    KeycloakSyncService,
    KeycloakSyncWorker,
    KeycloakChangeWatcher,
  ],
  exports: [KeycloakAdminAdapter, KeycloakSyncService, KeycloakChangeWatcher],
})
export class KeycloakModule {}
