import { Module } from '@nestjs/common';
import { ServiceAccountToken } from '../common/service-account';
import { AuditChainsController } from './audit-chains.controller';
import { ChainWatch } from './chain-watch.service';

@Module({
  controllers: [AuditChainsController],
  providers: [ChainWatch, ServiceAccountToken],
  exports: [ChainWatch, ServiceAccountToken],
})
export class AuditChainsModule {}
