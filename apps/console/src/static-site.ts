import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The built console: hashed files under /assets/ (cached for good) and, for every other path that is not
 * an API, index.html (the console routes in the browser, so /people or /network/nas reload to the app).
 */
export function serveStaticSite(fastify: FastifyInstance, webRoot: string): void {
  const root = path.resolve(webRoot);
  const indexFile = path.join(root, 'index.html');
  fastify.get('/assets/*', async (request, reply) => {
    const requested = (request.params as { '*': string })['*'];
    const file = path.resolve(root, 'assets', requested);
    // Only files inside assets/ (no ../ escapes).
    const inside = file.startsWith(path.join(root, 'assets') + path.sep);
    const found = inside && (await stat(file).catch(() => null))?.isFile();
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
      .send(await readFile(file));
  });
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
    if (!existsSync(indexFile))
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`工作台前端尚未构建：缺少 ${indexFile}。请先运行 node apps/console-web/build.mjs。`);
    // Never cached: it names the current hashed bundles.
    return reply
      .header('cache-control', 'no-cache')
      .type(CONTENT_TYPES['.html']!)
      .send(await readFile(indexFile));
  });
}
