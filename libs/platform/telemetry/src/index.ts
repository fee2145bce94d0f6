export * from './logger';
export * from './metrics';
export * from './metrics.controller';
export * from './telemetry.module';
export * from './trace-context';
export * from './sdk-handle';
export * from './request-span';
