import { Module } from '@nestjs/common';
import { NasController } from './nas.controller';
import { NasRegistryService } from './nas-registry.service';

@Module({
  controllers: [NasController],
  providers: [NasRegistryService],
  exports: [NasRegistryService],
})
export class NasModule {}
