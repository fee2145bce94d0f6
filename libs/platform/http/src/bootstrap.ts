import {
  DynamicModule,
  ForwardReference,
  Global,
  Inject,
  Module,
  OnApplicationShutdown,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthModule, AuthOptions } from '@edubase/auth';
import { ServiceConfigModule } from '@edubase/config';
import {
  createLogger,
  httpRequestDuration,
  Log,
  nameServerSpanByRoute,
  NestPinoLogger,
  shutdownTelemetry,
  TelemetryModule,
} from '@edubase/telemetry';
import { HealthModule } from './health.module';
import { registerJsonBodyParser } from './json-body';
import { PATH_EXCEPTION_FILTERS } from './path-exception-filters';
import { serveOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

/** The config variables bootstrapService itself reads (BaseServiceConfig has them all). */
export interface HttpServiceConfig {
  HTTP_PORT: number;
  HTTP_HOST: string;
  LOG_LEVEL: string;
  KEYCLOAK_URL: string;
  KEYCLOAK_REALM: string;
  KEYCLOAK_AUDIENCE: string;
}

export interface ServiceAppOptions<C extends HttpServiceConfig> {
  /** Short id used in logs and traces, e.g. `identity`. */
  serviceName: string;
  /** OpenAPI title and description. */
  title: string;
  description: string;
  /** The service's config class; bootstrapService registers it (ServiceConfigModule) — AppModule must not. */
  configClass: new () => C;
  /** Environment to load the config from; process.env unless a test passes its own. */
  env?: Record<string, string | undefined>;
  /** Replaces the Keycloak settings taken from the config (tests). */
  auth?: AuthOptions;
  /** Replaces the JSON logger (tests capture lines with it). */
  logger?: Log;
}

type ImportableModule = Type<unknown> | DynamicModule | ForwardReference;

export const SERVICE_LOGGER = Symbol('edubase:service-logger');

/** Flushes spans when Nest shuts down (enableShutdownHooks turns SIGTERM into this hook). */
@Global()
@Module({})
class PlatformLifecycleModule implements OnApplicationShutdown {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: Log) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down');
    await shutdownTelemetry();
  }

  static with(logger: Log): DynamicModule {
    return {
      module: PlatformLifecycleModule,
      providers: [{ provide: SERVICE_LOGGER, useValue: logger }],
      exports: [SERVICE_LOGGER],
    };
  }
}

function rootModule<C extends HttpServiceConfig>(
  appModule: ImportableModule,
  options: ServiceAppOptions<C>,
  logger: Log,
): DynamicModule {
  @Module({})
  class ServiceRootModule {}
  return {
    module: ServiceRootModule,
    imports: [
      ServiceConfigModule.forRoot(options.configClass, options.env),
      options.auth ? AuthModule.forRoot(options.auth) : AuthModule.forConfig(options.configClass),
      PlatformLifecycleModule.with(logger),
      TelemetryModule,
      HealthModule,
      appModule,
    ],
  };
}

/** Request durations by route for /metrics, and the route as the name of each request's trace span. */
function recordRequestDurations(app: NestFastifyApplication): void {
  const histogram = httpRequestDuration();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url;
    if (route) nameServerSpanByRoute(request.method, route);
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    histogram.observe(
      {
        method: request.method,
        // The route pattern (/people/:id), never the raw URL, so series stay few.
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/**
 * Builds a service's Nest app on Fastify with everything EduBase services share: config, JSON logs,
 * global auth guard, validation → problem+json, /docs, /health, /metrics and shutdown hooks. Not listening
 * yet: integration tests call `await app.init()` and use `app.inject()`.
 */
export async function createServiceApp<C extends HttpServiceConfig>(
  appModule: ImportableModule,
  options: ServiceAppOptions<C>,
): Promise<NestFastifyApplication> {
  const logLevel = options.env?.LOG_LEVEL ?? process.env.LOG_LEVEL;
  const logger = options.logger ?? createLogger({ serviceName: options.serviceName, level: logLevel });
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule(appModule, options, logger),
    // Fastify's own request logging is off: the JSON logger and the duration histogram cover it.
    new FastifyAdapter({ logger: false }),
    { logger: new NestPinoLogger(logger), abortOnError: false },
  );
  // Nest's own parsers (urlencoded, JSON) first, so that init does not add them over ours afterwards.
  (app.getHttpAdapter() as FastifyAdapter).registerParserMiddleware();
  registerJsonBodyParser(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger, app.get(PATH_EXCEPTION_FILTERS)));
  app.enableShutdownHooks();
  recordRequestDurations(app);
  serveOpenApi(app, options);
  return app;
}

/** Starts a service: `bootstrapService(AppModule, {...})` is the whole of a main.ts. */
export async function bootstrapService<C extends HttpServiceConfig>(
  appModule: ImportableModule,
  options: ServiceAppOptions<C>,
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(appModule, options);
  const config = app.get<C>(options.configClass);
  await app.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });
  app
    .get<Log>(SERVICE_LOGGER)
    .info(
      { port: config.HTTP_PORT, host: config.HTTP_HOST },
      `${options.serviceName} listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}`,
    );
  return app;
}
