export * from './data-source';
export * from './timestamp-columns';
export * from './once-across-instances';
