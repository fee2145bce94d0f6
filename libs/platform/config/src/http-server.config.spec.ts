import { BaseServiceConfig } from './base-service.config';
import { HttpServerConfig } from './http-server.config';
import { ConfigValidationError, loadConfig } from './load-config';

const SERVICE = { DB_NAME: 'edubase_test' };

describe('HttpServerConfig, the part every HTTP server shares', () => {
  it('is what a service config is built on', () => {
    const config = loadConfig(BaseServiceConfig, { ...SERVICE, HTTP_PORT: '3101', LOG_LEVEL: 'warn' });
    expect(config).toBeInstanceOf(HttpServerConfig);
    expect(config).toMatchObject({ HTTP_PORT: 3101, LOG_LEVEL: 'warn', KEYCLOAK_REALM: 'edubase' });
  });

  it('takes port 0 (any free port) for a plain server, never for a service', () => {
    expect(loadConfig(HttpServerConfig, { HTTP_PORT: '0' }).HTTP_PORT).toBe(0);
    expect(() => loadConfig(BaseServiceConfig, { ...SERVICE, HTTP_PORT: '0' })).toThrow(/HTTP_PORT/);
  });

  it.each([
    ['HttpServerConfig', HttpServerConfig],
    ['BaseServiceConfig', BaseServiceConfig],
  ] as const)('%s refuses a Keycloak URL without its scheme, naming the variable', (_name, configClass) => {
    const load = () => loadConfig(configClass, { ...SERVICE, KEYCLOAK_URL: '127.0.0.1:8080' });
    expect(load).toThrow(ConfigValidationError);
    expect(load).toThrow(/KEYCLOAK_URL/);
  });

  it('gives the Keycloak URL without a trailing slash', () => {
    expect(loadConfig(HttpServerConfig, { KEYCLOAK_URL: 'https://sso.example.edu.cn/' }).keycloakUrl).toBe(
      'https://sso.example.edu.cn',
    );
  });
});
