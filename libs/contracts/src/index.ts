export * from './envelope';
export * from './event';
export * from './registry';
export * from './identity';
export * from './netaccess';
