export * from './service.module';
export * from './data-catalog';
