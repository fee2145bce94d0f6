import { Module } from '@nestjs/common';
import { NasController } from './nas.controller';
import { RegistrationReferences } from '../people/registration-references';
import { NasRegistryService } from './nas-registry.service';

@Module({
  controllers: [NasController],
  providers: [NasRegistryService, RegistrationReferences],
  exports: [NasRegistryService],
})
export class NasModule {}
