import { Module } from '@nestjs/common';
import { KeycloakModule } from '../keycloak/keycloak.module';
import { OrgModule } from '../org/org.module';
import { PeopleModule } from '../people/people.module';
import { RolesModule } from '../roles/roles.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [OrgModule, PeopleModule, RolesModule, KeycloakModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class SeedModule {}
