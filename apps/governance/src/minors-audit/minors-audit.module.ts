import { Module } from '@nestjs/common';
import { AuditChainsModule } from '../audit-chains/audit-chains.module';
import { AuditPreparation } from './audit-preparation';
import { MinorsAuditController } from './minors-audit.controller';
import { MinorsAuditService } from './minors-audit.service';

@Module({
  imports: [AuditChainsModule],
  controllers: [MinorsAuditController],
  providers: [MinorsAuditService, AuditPreparation],
})
export class MinorsAuditModule {}
