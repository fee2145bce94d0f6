import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule } from '@edubase/messaging';
import { ensureDatabaseExists, databaseConnectionFrom } from '@edubase/persistence';
import { AuditModule } from './audit/audit.module';
import { identityDataSourceOptions } from './database/data-source';
import { IdentityConfig } from './identity.config';
import { OrgModule } from './org/org.module';
import { PeopleModule } from './people/people.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { RolesModule } from './roles/roles.module';
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
          ...(options.kafkaTopicPrefix ? { topicPrefix: options.kafkaTopicPrefix } : {}),
        }),
        SharedModule,
        AuditModule,
        OrgModule,
        PeopleModule,
        RolesModule,
        ReconciliationModule,
        SeedModule,
      ],
    };
  }
}
