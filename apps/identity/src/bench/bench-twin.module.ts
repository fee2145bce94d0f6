import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { BenchTwinController } from './bench-twin.controller';

@Module({ imports: [PeopleModule], controllers: [BenchTwinController] })
export class BenchTwinModule {}
