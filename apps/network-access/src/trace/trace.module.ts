import { Module } from '@nestjs/common';
import { TraceAuditController } from './audit/trace-audit.controller';
import { TraceAuditService } from './audit/trace-audit.service';
import { TraceController } from './trace.controller';
import { TraceService } from './trace.service';

@Module({
  controllers: [TraceController, TraceAuditController],
  providers: [TraceService, TraceAuditService],
})
export class TraceModule {}
