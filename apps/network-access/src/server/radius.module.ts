import { Module } from '@nestjs/common';
import { AccessRequestService } from '../access/access-request.service';
import { SsoPasswordClient } from '../access/sso-password.client';
import { PartitionMaintenanceService } from '../accounting/partition-maintenance.service';
import { SessionLedgerService } from '../accounting/session-ledger.service';
import { SessionDisconnectService } from '../disconnect/session-disconnect.service';
import { NasModule } from '../nas/nas.module';
import { IdentityProjectionService } from '../people/identity-projection.service';
import { InstanceCacheInvalidation } from '../people/instance-cache-invalidation.service';
import { PersonDirectoryService } from '../people/person-directory.service';
import { TerminalsModule } from '../terminals/terminals.module';
import { RadiusListenerService } from './radius-listener.service';

/** The RADIUS side: sockets, who may log in, the session ledger, disconnects and the identity projection. */
@Module({
  imports: [NasModule, TerminalsModule],
  providers: [
    RadiusListenerService,
    AccessRequestService,
    SsoPasswordClient,
    PersonDirectoryService,
    SessionLedgerService,
    PartitionMaintenanceService,
    SessionDisconnectService,
    IdentityProjectionService,
    InstanceCacheInvalidation,
  ],
  exports: [
    RadiusListenerService,
    PersonDirectoryService,
    SessionLedgerService,
    PartitionMaintenanceService,
    SessionDisconnectService,
    IdentityProjectionService,
  ],
})
export class RadiusModule {}
