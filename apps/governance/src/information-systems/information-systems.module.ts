import { Module } from '@nestjs/common';
import { InformationSystemsController } from './information-systems.controller';
import { InformationSystemsService } from './information-systems.service';

@Module({ controllers: [InformationSystemsController], providers: [InformationSystemsService] })
export class InformationSystemsModule {}
