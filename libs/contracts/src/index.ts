export * from './envelope';
export * from './event';
export * from './event-id';
export * from './registry';
export * from './identity';
export * from './netaccess';
