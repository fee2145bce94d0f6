import { Module } from '@nestjs/common';
import { InformationSystemsController } from './information-systems.controller';
import { InformationSystemsService } from './information-systems.service';

@Module({
  controllers: [InformationSystemsController],
  providers: [InformationSystemsService],
  exports: [InformationSystemsService],
})
export class InformationSystemsModule {}
