/**
 * The services the staff console calls, each under `/api/<name>/` on the console's own origin. A new
 * service's pages need one entry here (and its port in tools/platform/services.mjs); see the README.
 */
export interface Upstream {
  /** Path segment under /api/ and the service's name in `npm start`. */
  name: string;
  /** Environment variable holding the service's base URL. */
  env: string;
  /** Where `npm start` runs it. */
  defaultUrl: string;
}

export const UPSTREAMS: readonly Upstream[] = [
  { name: 'identity', env: 'IDENTITY_URL', defaultUrl: 'http://127.0.0.1:3101' },
  { name: 'network-access', env: 'NETWORK_ACCESS_URL', defaultUrl: 'http://127.0.0.1:3102' },
  { name: 'governance', env: 'GOVERNANCE_URL', defaultUrl: 'http://127.0.0.1:3105' },
];
