export * from './envelope';
export * from './event';
export * from './event-id';
export * from './registry';
export * from './vocabulary';
export * from './identity';
export * from './netaccess';
export * from './audit';
