import { Module } from '@nestjs/common';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { PeopleController } from './people.controller';
import { PeopleQueries } from './people-queries.service';
import { PeopleWriter } from './people-writer';
import { PeopleService } from './people.service';

@Module({
  imports: [KeycloakModule],
  controllers: [PeopleController],
  providers: [PeopleService, PeopleQueries, PeopleWriter],
  exports: [PeopleService, PeopleQueries, PeopleWriter],
})
export class PeopleModule {}
