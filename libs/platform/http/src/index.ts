export * from './bootstrap';
export * from './health.controller';
export * from './health.module';
export * from './problem-details';
export * from './problem-details.filter';
export * from './readiness';
export * from './validation';
export * from './openapi';
