import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

export const integerFromString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * What every EduBase HTTP server reads, a service (`BaseServiceConfig`) or the console's server: where it
 * listens, how much it logs, and the Keycloak realm its callers sign in to.
 */
export class HttpServerConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  /** 0: any free port (test harnesses); a service refuses it (BaseServiceConfig). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 3000;

  @IsString()
  @MinLength(1)
  HTTP_HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The issuer's base URL as browsers and the services reach it. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  KEYCLOAK_URL = 'http://127.0.0.1:8080';

  @IsString()
  @MinLength(1)
  KEYCLOAK_REALM = 'edubase';

  /** KEYCLOAK_URL without a trailing slash, to put paths after. */
  get keycloakUrl(): string {
    return this.KEYCLOAK_URL.replace(/\/$/, '');
  }
}
