import { Module } from '@nestjs/common';
import { TraceAuditController } from '../trace/audit/trace-audit.controller';
import { TraceAuditService } from '../trace/audit/trace-audit.service';
import { NatIngestService } from './ingest/nat-ingest.service';
import { PublicTraceController } from './public-trace/public-trace.controller';
import { PublicTraceService } from './public-trace/public-trace.service';
import { NatPartitionMaintenanceService } from './storage/nat-partition-maintenance.service';

/** NAT logs of the egress firewalls: the syslog receiver, their daily partitions, `/trace/public`, `/trace/audit`. */
@Module({
  controllers: [PublicTraceController, TraceAuditController],
  providers: [NatIngestService, NatPartitionMaintenanceService, PublicTraceService, TraceAuditService],
  exports: [NatIngestService, NatPartitionMaintenanceService],
})
export class NatModule {}
