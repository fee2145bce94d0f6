export * from './confirm';
export * from './console-layout';
export * from './problem-form';
export * from './router';
export * from './server-table';
export * from './states';
export * from './tokens';
export * from './xlsx-export';
