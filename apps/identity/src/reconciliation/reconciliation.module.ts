import { Module } from '@nestjs/common';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { AccountJobsScheduler } from './account-jobs.scheduler';
import { DormantAccountsService } from './dormant-accounts.service';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [KeycloakModule],
  controllers: [ReconciliationController],
  providers: [ReconciliationService, DormantAccountsService, AccountJobsScheduler],
  exports: [ReconciliationService, DormantAccountsService],
})
export class ReconciliationModule {}
