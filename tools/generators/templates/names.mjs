// The names every template of `npm run new:service` is written from (see new-service.mjs).

/**
 * @typedef {{ service: string, Service: string, camelService: string, port: number, zh: string, scope: string,
 *   resource: string, Resource: string, camelResource: string, resources: string, resourceTable: string,
 *   database: string }} Names
 */
export {};
