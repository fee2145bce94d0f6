import { DynamicModule, ForwardReference, Module, Provider, Type } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { AuditChainModule, type AuditChainModuleOptions } from '@edubase/audit';
import type { BaseServiceConfig } from '@edubase/config';
import { MessagingModule, MessagingModuleOptions, OutboxPublisher } from '@edubase/messaging';
import { databaseConnectionFrom, ensureDatabaseExists } from '@edubase/persistence';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { DataCatalogAnnouncer, type DeclaredTable } from './data-catalog';

type Feature = Type<unknown> | DynamicModule | ForwardReference;

export interface ServiceDefinition<C extends BaseServiceConfig> {
  /** The service's id: envelope `source`, Kafka client id and default consumer group, metrics label. */
  name: string;
  /** Its config class; `createServiceApp`/`bootstrapService` register it, this module only reads it. */
  config: new () => C;
  /**
   * Its own database: the `<service>DataSourceOptions(config)` of its database/data-source.ts, which the
   * migration CLI uses too (entities, migrations with the messaging tables first, pool size).
   */
  database: (config: C) => DataSourceOptions;
  /**
   * Kafka through the transactional outbox and `EventConsumer` (topics prefixed with the config's
   * KAFKA_TOPIC_PREFIX); `false` for a service that reads Kafka its own way (the cockpit's projections).
   */
  messaging?: false | Omit<MessagingModuleOptions, 'serviceName' | 'configClass' | 'brokers'>;
  /**
   * The tamper-evident audit chain (@edubase/audit): `AuditChain` to append admin actions and sensitive
   * reads to, `GET /audit/verify`, anchors published as `audit.chain.anchored.v1`. Needs
   * `auditChainEntities`/`auditChainMigrations` in the service's DataSource.
   */
  auditChain?: boolean | Omit<AuditChainModuleOptions, 'serviceName' | 'configClass'>;
  /** The service's feature modules: all an app.module.ts lists. */
  features: Feature[];
  controllers?: Type<unknown>[];
  providers?: Provider[];
  /** Its datasets declared in code (@edubase/masking), bound to their tables: the catalog takes them over. */
  declaredDatasets?: readonly DeclaredTable[];
}

/**
 * The one way a service is wired: its database (created when missing, migrations run at start, each in
 * its own transaction), its messaging, its features, and the description of its tables that governance's
 * data catalog registers (`DataCatalogAnnouncer`). Config, logging, tracing, the auth guard, health,
 * problem+json and OpenAPI come from `createServiceApp`/`bootstrapService` around it.
 */
@Module({})
export class ServiceModule {
  static forRoot<C extends BaseServiceConfig>(service: ServiceDefinition<C>): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [service.config],
          useFactory: async (config: C) => {
            await ensureDatabaseExists(databaseConnectionFrom(config));
            return {
              ...service.database(config),
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
            };
          },
        }),
        ...(service.messaging === false
          ? []
          : [
              MessagingModule.forService({
                serviceName: service.name,
                configClass: service.config,
                ...service.messaging,
              }),
            ]),
        ...(service.auditChain
          ? [
              AuditChainModule.forService({
                serviceName: service.name,
                configClass: service.config,
                ...(service.auditChain === true ? {} : service.auditChain),
              }),
            ]
          : []),
        ...service.features,
      ],
      controllers: service.controllers ?? [],
      providers: [
        ...(service.providers ?? []),
        // every service with messaging describes its tables to governance's data catalog at start-up
        ...(service.messaging === false
          ? []
          : [
              {
                provide: DataCatalogAnnouncer,
                inject: [getDataSourceToken(), OutboxPublisher],
                useFactory: (dataSource: DataSource, outbox: OutboxPublisher) =>
                  new DataCatalogAnnouncer(dataSource, outbox, service.name, service.declaredDatasets ?? []),
              },
            ]),
      ],
    };
  }
}
