import path from 'node:path';
import { UPSTREAMS } from './upstreams';

/** What the console server needs; all from the environment, with `npm start`'s values as defaults. */
export interface ConsoleConfig {
  host: string;
  port: number;
  logLevel: string;
  keycloakUrl: string;
  realm: string;
  /** The realm's public web client (authorization code + PKCE). */
  webClientId: string;
  /** The built console (apps/console-web → dist/apps/console-web). */
  webRoot: string;
  /** Base URL of each upstream service by name. */
  upstreams: Record<string, string>;
}

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const port = Number(env.HTTP_PORT ?? 3107);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`HTTP_PORT must be a port number, got ${env.HTTP_PORT}`);
  return {
    host: env.HTTP_HOST ?? '127.0.0.1',
    port,
    logLevel: env.LOG_LEVEL ?? 'info',
    keycloakUrl: (env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, ''),
    realm: env.KEYCLOAK_REALM ?? 'edubase',
    webClientId: env.CONSOLE_WEB_CLIENT_ID ?? 'edubase-web',
    webRoot: env.CONSOLE_WEB_ROOT ?? path.resolve(__dirname, '../../console-web'),
    upstreams: Object.fromEntries(
      UPSTREAMS.map((upstream) => [
        upstream.name,
        (env[upstream.env] ?? upstream.defaultUrl).replace(/\/$/, ''),
      ]),
    ),
  };
}
