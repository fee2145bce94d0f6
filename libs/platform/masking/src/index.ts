export * from './field-catalog';
export * from './mask-value';
export * from './protect-record';
export * from './catalog-declaration';
