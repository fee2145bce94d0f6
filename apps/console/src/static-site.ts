import type { FastifyInstance } from 'fastify';
import { BuiltWebApp } from '@edubase/http/built-web-app';

/**
 * The built console: hashed files under /assets/ and, for every other GET that is not an API, index.html
 * (the console routes in the browser, so /people or /network/nas reload to the app).
 */
export function serveStaticSite(fastify: FastifyInstance, webRoot: string): void {
  const site = new BuiltWebApp(
    webRoot,
    (indexFile) => `工作台前端尚未构建：缺少 ${indexFile}。请先运行 node apps/console-web/build.mjs。`,
  );
  site.serveAssets(fastify);
  fastify.setNotFoundHandler(async (request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/'))
      return reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
        });
    return site.sendPage(reply);
  });
}
