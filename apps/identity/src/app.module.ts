import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule } from '@edubase/messaging';
import { ensureDatabaseExists, databaseConnectionFrom } from '@edubase/persistence';
import { AccountPageModule } from './account-page/account-page.module';
import { AuditModule } from './audit/audit.module';
import { BenchTwinModule } from './bench/bench-twin.module';
import { identityDataSourceOptions } from './database/data-source';
import { IdentityConfig } from './identity.config';
import { OrgModule } from './org/org.module';
import { PeopleModule } from './people/people.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { RolesModule } from './roles/roles.module';
import { RosterImportModule } from './roster-import/roster-import.module';
import { ScimModule } from './scim/scim.module';
import { SeedModule } from './seed/seed.module';
import { SharedModule } from './shared/shared.module';

/**
 * The identity service: organisations, people and roles (the master), their Keycloak accounts, audit and
 * events. Later features (scim/, roster-import/, account-page/) plug in as further modules here and reuse
 * PeopleService, KeycloakSyncService and AuditService.
 */
export interface IdentityAppOptions {
  /** Put before every Kafka topic name: integration tests keep their topics apart with it. */
  kafkaTopicPrefix?: string;
  /**
   * Mount the unauthenticated twin of GET /people/:id that `npm run bench:identity` compares against.
   * Defaults to BENCH_PUBLIC_TWIN=1 in the environment; never set in production.
   */
  benchPublicTwin?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: IdentityAppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [IdentityConfig],
          useFactory: async (config: IdentityConfig) => {
            await ensureDatabaseExists(databaseConnectionFrom(config));
            return {
              ...identityDataSourceOptions(config),
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
            };
          },
        }),
        MessagingModule.forService({
          serviceName: 'identity',
          configClass: IdentityConfig,
          // KAFKA_TOPIC_PREFIX: throwaway runs (the identity bench) keep their events off the real topics.
          ...((options.kafkaTopicPrefix ?? process.env.KAFKA_TOPIC_PREFIX)
            ? { topicPrefix: options.kafkaTopicPrefix ?? process.env.KAFKA_TOPIC_PREFIX }
            : {}),
        }),
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
        ...((options.benchPublicTwin ?? process.env.BENCH_PUBLIC_TWIN === '1') ? [BenchTwinModule] : []),
      ],
    };
  }
}
