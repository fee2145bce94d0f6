export * from './data-source';
export * from './timestamp-columns';
