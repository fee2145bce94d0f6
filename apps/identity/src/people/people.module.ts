import { Module } from '@nestjs/common';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { MinorAgesScheduler } from './minor-ages.scheduler';
import { MinorAgesService } from './minor-ages.service';
import { PeopleController } from './people.controller';
import { MinorsPiReads } from './minors-pi-reads';
import { PeopleQueries } from './people-queries.service';
import { PeopleWriter } from './people-writer';
import { PeopleService } from './people.service';

@Module({
  imports: [KeycloakModule],
  controllers: [PeopleController],
  providers: [
    PeopleService,
    PeopleQueries,
    PeopleWriter,
    MinorAgesService,
    MinorAgesScheduler,
    MinorsPiReads,
  ],
  exports: [PeopleService, PeopleQueries, PeopleWriter, MinorAgesService],
})
export class PeopleModule {}
