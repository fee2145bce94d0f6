import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { ensureDefaultMetrics } from './metrics';

/** Serves GET /metrics with the process defaults plus whatever else is on the default register. */
@Module({ controllers: [MetricsController] })
export class TelemetryModule {
  constructor() {
    ensureDefaultMetrics();
  }
}
