import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConnectionFrom, ensureDatabaseExists } from '@edubase/persistence';
import { CockpitConfig } from './cockpit.config';
import { cockpitDataSourceOptions } from './database/data-source';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { LiveHub } from './live/live-hub.service';
import { LiveController } from './live/live.controller';
import { PROJECTION_OPTIONS, ProjectionOptions, ProjectionsService } from './projections/projections.service';
import { MinuteBucketRetention } from './retention/minute-bucket-retention';
import { TokenRelayController } from './web/token-relay.controller';
import { WebConfigController } from './web/web-config.controller';

/**
 * The cockpit (数字驾驶舱): Kafka events → projections (projections/), the indicator API with row-level
 * security (indicators/), the live push (live/) and the dashboard's settings (web/).
 */
@Module({})
export class AppModule {
  static forRoot(options: ProjectionOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [CockpitConfig],
          useFactory: async (config: CockpitConfig) => {
            await ensureDatabaseExists(databaseConnectionFrom(config));
            return {
              ...cockpitDataSourceOptions(config),
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
            };
          },
        }),
      ],
      controllers: [IndicatorsController, LiveController, WebConfigController, TokenRelayController],
      providers: [
        { provide: PROJECTION_OPTIONS, useValue: options },
        IndicatorsService,
        LiveHub,
        ProjectionsService,
        MinuteBucketRetention,
      ],
    };
  }
}
