import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

/** GET /health/live and /health/ready; global so any module can add to READINESS_CHECKS. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [{ provide: READINESS_CHECKS, useFactory: (): ReadinessCheck[] => [] }],
  exports: [READINESS_CHECKS],
})
export class HealthModule {}
