import { Module } from '@nestjs/common';
import { SharedDataController } from './shared-data.controller';
import { SharingGrantsProjection } from './sharing-grants.projection';

/** 数据共享: governance's approvals of identity's datasets, and the route that serves them. */
@Module({
  controllers: [SharedDataController],
  providers: [SharingGrantsProjection],
})
export class DataSharingModule {}
