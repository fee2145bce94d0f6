import Fastify, { type FastifyInstance } from 'fastify';
import { relayApis } from './api-relay';
import type { ConsoleConfig } from './console.config';
import { signInRoutes } from './sign-in';
import { serveStaticSite } from './static-site';

/**
 * The staff console's server: the built single-page app, its sign-in settings and token relay, and the
 * services' APIs on the same origin. It holds no data and no secret; every decision is the services'.
 */
export async function createConsoleServer(config: ConsoleConfig): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: 25 * 1024 * 1024,
  });
  fastify.get('/health/live', async () => ({ status: 'ok' }));
  fastify.get('/health/ready', async () => ({ status: 'ok' }));
  signInRoutes(fastify, config);
  relayApis(fastify, config);
  serveStaticSite(fastify, config.CONSOLE_WEB_ROOT);
  await fastify.ready();
  return fastify;
}
