import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@edubase/service';
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
    return ServiceModule.forRoot({
      name: 'cockpit',
      config: CockpitConfig,
      database: cockpitDataSourceOptions,
      // The projections read Kafka their own way: a batch per transaction, for ever-kept topics (ADR 0003).
      messaging: false,
      features: [],
      controllers: [IndicatorsController, LiveController, WebConfigController, TokenRelayController],
      providers: [
        { provide: PROJECTION_OPTIONS, useValue: options },
        IndicatorsService,
        LiveHub,
        ProjectionsService,
        MinuteBucketRetention,
      ],
    });
  }
}
