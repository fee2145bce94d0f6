import { Module } from '@nestjs/common';
import { NatIngestService } from './ingest/nat-ingest.service';
import { PublicTraceController } from './public-trace/public-trace.controller';
import { PublicTraceService } from './public-trace/public-trace.service';
import { NatPartitionMaintenanceService } from './storage/nat-partition-maintenance.service';

/** NAT logs of the egress firewalls: the syslog receiver, their daily partitions and `/trace/public`. */
@Module({
  controllers: [PublicTraceController],
  providers: [NatIngestService, NatPartitionMaintenanceService, PublicTraceService],
  exports: [NatIngestService, NatPartitionMaintenanceService],
})
export class NatModule {}
