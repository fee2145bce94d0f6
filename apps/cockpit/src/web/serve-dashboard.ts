import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built dashboard (apps/cockpit-web → dist/apps/cockpit-web) under `/` on the cockpit's own
 * port, so the page, the API and the live stream share one origin (no CORS). The dashboard is one page
 * plus hashed files under /assets/, so two routes cover it. Without a build, `/` says how to make one.
 */
export async function serveDashboard(app: NestFastifyApplication, webRoot: string): Promise<void> {
  const root = path.resolve(webRoot);
  const fastify = app.getHttpAdapter().getInstance();
  const indexFile = path.join(root, 'index.html');
  fastify.get('/', async (_request, reply) => {
    if (!existsSync(indexFile)) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`数字驾驶舱前端尚未构建：缺少 ${indexFile}。请先运行 node apps/cockpit-web/build.mjs。`);
    }
    // Never cached: it names the current hashed bundles.
    return reply
      .header('cache-control', 'no-cache')
      .type(CONTENT_TYPES['.html']!)
      .send(await readFile(indexFile));
  });
  fastify.get('/assets/*', async (request, reply) => {
    const requested = (request.params as { '*': string })['*'];
    const file = path.resolve(root, 'assets', requested);
    // Only files inside assets/ (no ../ escapes); hashed names may be cached forever.
    const inside = file.startsWith(path.join(root, 'assets') + path.sep);
    const found = inside && (await stat(file).catch(() => null))?.isFile();
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
      .send(await readFile(file));
  });
}
