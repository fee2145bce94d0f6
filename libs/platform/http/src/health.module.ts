import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { PATH_EXCEPTION_FILTERS, PathExceptionFilter } from './path-exception-filters';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

/**
 * GET /health/live and /health/ready; global so any module can add to READINESS_CHECKS, and to
 * PATH_EXCEPTION_FILTERS (the lists the platform reads).
 */
@Global()
@Module({
  controllers: [HealthController],
  providers: [
    { provide: READINESS_CHECKS, useFactory: (): ReadinessCheck[] => [] },
    { provide: PATH_EXCEPTION_FILTERS, useFactory: (): PathExceptionFilter[] => [] },
  ],
  exports: [READINESS_CHECKS, PATH_EXCEPTION_FILTERS],
})
export class HealthModule {}
