import { Module } from '@nestjs/common';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { PeopleController } from './people.controller';
import { PeopleWriter } from './people-writer';
import { PeopleService } from './people.service';

@Module({
  imports: [KeycloakModule],
  controllers: [PeopleController],
  providers: [PeopleService, PeopleWriter],
  exports: [PeopleService, PeopleWriter],
})
export class PeopleModule {}
