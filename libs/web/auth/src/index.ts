export * from './api-client';
export * from './auth-session';
