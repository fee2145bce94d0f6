import { DynamicModule, Module } from '@nestjs/common';
import { loadConfig } from './load-config';

/** Registers the service's one config class as a provider, validated at module construction. */
@Module({})
export class ServiceConfigModule {
  static forRoot<T extends object>(
    configClass: new () => T,
    env?: Record<string, string | undefined>,
  ): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      providers: [{ provide: configClass, useValue: loadConfig(configClass, env) }],
      exports: [configClass],
    };
  }
}
