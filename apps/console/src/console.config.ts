import path from 'node:path';
import { IsString, IsUrl, MinLength } from 'class-validator';
import { HttpServerConfig, loadConfig } from '@edubase/config';
import { UPSTREAMS, type Upstream } from './upstreams';

const isHttpUrl = () => IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] });
const withoutTrailingSlash = (url: string): string => url.replace(/\/$/, '');

/**
 * Everything the console server reads from the environment, validated at boot; the defaults are `npm start`'s.
 * No database, Kafka or secret: it serves the built console and relays to Keycloak and the services. Port,
 * host, log level and the Keycloak realm are every HTTP server's (HttpServerConfig).
 */
export class ConsoleConfig extends HttpServerConfig {
  /** The services it relays under `/api/<name>/`: the deploy tools give each its cluster URL (deploy/apps). */
  static readonly upstreams: readonly Upstream[] = UPSTREAMS;

  override HTTP_PORT = 3107;

  /** The realm's public web client (authorization code + PKCE). */
  @IsString()
  @MinLength(1)
  CONSOLE_WEB_CLIENT_ID = 'edubase-web';

  /** The built console (apps/console-web → dist/apps/console-web, beside this app in dist/ and the image). */
  @IsString()
  @MinLength(1)
  CONSOLE_WEB_ROOT = path.resolve(__dirname, '../../console-web');

  constructor() {
    super();
    // One `<NAME>_URL` per upstream, validated below: UPSTREAMS stays the one list (`npm run new:service`
    // appends to it).
    const urls = this as unknown as Record<string, string>;
    for (const upstream of UPSTREAMS) urls[upstream.env] = upstream.defaultUrl;
  }

  /** Base URL of each upstream service by name. */
  get upstreams(): Record<string, string> {
    const urls = this as unknown as Record<string, string>;
    return Object.fromEntries(
      UPSTREAMS.map((upstream) => [upstream.name, withoutTrailingSlash(urls[upstream.env]!)]),
    );
  }
}

for (const upstream of UPSTREAMS) isHttpUrl()(ConsoleConfig.prototype, upstream.env);

export function loadConsoleConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  return loadConfig(ConsoleConfig, env);
}
