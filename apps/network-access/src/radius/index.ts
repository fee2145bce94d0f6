export * from './constants';
export * from './packet';
export * from './attributes';
export * from './crypto';
