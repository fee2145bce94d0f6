import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@edubase/service';
import { AccountPageModule } from './account-page/account-page.module';
import { AuditModule } from './audit/audit.module';
import { BenchTwinModule } from './bench/bench-twin.module';
import { DataSharingModule } from './data-sharing/data-sharing.module';
import { identityDataSourceOptions } from './database/data-source';
import { IdentityConfig } from './identity.config';
import { OrgModule } from './org/org.module';
import { PeopleModule } from './people/people.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { RolesModule } from './roles/roles.module';
import { RosterImportModule } from './roster-import/roster-import.module';
import { ScimModule } from './scim/scim.module';
import { SeedModule } from './seed/seed.module';
import { identityDeclaredTables } from './shared/data-classification';
import { SharedModule } from './shared/shared.module';

export interface IdentityAppOptions {
  /**
   * Mount the unauthenticated twin of GET /people/:id that `npm run bench:identity` compares against.
   * Defaults to BENCH_PUBLIC_TWIN=1 in the environment; never set in production.
   */
  benchPublicTwin?: boolean;
}

/**
 * The identity service: organisations, people and roles (the master), their Keycloak accounts, audit and
 * events, SCIM, roster import and the account page.
 */
@Module({})
export class AppModule {
  static forRoot(options: IdentityAppOptions = {}): DynamicModule {
    return ServiceModule.forRoot({
      name: 'identity',
      config: IdentityConfig,
      database: identityDataSourceOptions,
      auditChain: true,
      declaredDatasets: identityDeclaredTables,
      features: [
        SharedModule,
        AuditModule,
        OrgModule,
        PeopleModule,
        RolesModule,
        ReconciliationModule,
        SeedModule,
        ScimModule,
        RosterImportModule,
        AccountPageModule,
        DataSharingModule,
        ...((options.benchPublicTwin ?? process.env.BENCH_PUBLIC_TWIN === '1') ? [BenchTwinModule] : []),
      ],
    });
  }
}
