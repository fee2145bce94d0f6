import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule } from '@edubase/messaging';
import { ensureDatabaseExists, databaseConnectionFrom } from '@edubase/persistence';
import { networkAccessDataSourceOptions } from './database/data-source';
import { DisconnectsModule } from './disconnect/disconnects.module';
import { NasModule } from './nas/nas.module';
import { NetworkAccessConfig } from './network-access.config';
import { PortalModule } from './portal/portal.module';
import { NetworkDemoSeedModule } from './seed/network-demo-seed.module';
import { RadiusModule } from './server/radius.module';
import { TerminalsModule } from './terminals/terminals.module';
import { TraceModule } from './trace/trace.module';

export const SERVICE_NAME = 'network-access';

export interface AppModuleOptions {
  /** Kafka topic prefix (tests isolate themselves with one); the config's KAFKA_TOPIC_PREFIX in production. */
  topicPrefix: string;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [NetworkAccessConfig],
          useFactory: async (config: NetworkAccessConfig) => {
            await ensureDatabaseExists(databaseConnectionFrom(config));
            return {
              ...networkAccessDataSourceOptions(config),
              migrationsRun: true,
              migrationsTransactionMode: 'each',
            };
          },
        }),
        MessagingModule.forService({
          serviceName: SERVICE_NAME,
          configClass: NetworkAccessConfig,
          topicPrefix: options.topicPrefix,
        }),
        NasModule,
        TerminalsModule,
        TraceModule,
        RadiusModule,
        PortalModule,
        DisconnectsModule,
        NetworkDemoSeedModule,
      ],
    };
  }
}
