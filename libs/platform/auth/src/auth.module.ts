import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { AuthGuard } from './auth.guard';
import { KeycloakTokenVerifier } from './token-verifier';

/** The Keycloak variables of a service config class (BaseServiceConfig has them). */
export interface KeycloakSettings {
  KEYCLOAK_URL: string;
  KEYCLOAK_REALM: string;
  KEYCLOAK_AUDIENCE: string;
}

/**
 * Installs the global AuthGuard. bootstrapService imports it from the config class, so a service's
 * AppModule does not; use forRoot directly only in apps not built with bootstrapService.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return AuthModule.with({ provide: AUTH_OPTIONS, useValue: options });
  }

  static forConfig(configClass: new () => KeycloakSettings): DynamicModule {
    return AuthModule.with({
      provide: AUTH_OPTIONS,
      inject: [configClass],
      useFactory: (config: KeycloakSettings): AuthOptions => ({
        keycloakUrl: config.KEYCLOAK_URL,
        realm: config.KEYCLOAK_REALM,
        audience: config.KEYCLOAK_AUDIENCE,
      }),
    });
  }

  private static with(optionsProvider: Provider): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [optionsProvider, KeycloakTokenVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [KeycloakTokenVerifier],
    };
  }
}
