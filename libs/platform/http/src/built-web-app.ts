import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

// Kept free of Nest (imported as `@edubase/http/built-web-app`): the console's plain Fastify server uses it
// as much as the cockpit's Nest app.

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
 * A web app built by Vite (apps/cockpit-web, apps/console-web): one index.html naming hashed files under
 * assets/. Served from the server that answers its API, so page and API share one origin (no CORS).
 */
export class BuiltWebApp {
  private readonly root: string;
  private readonly indexFile: string;

  /** `notBuilt`: what a request for the page gets (503) when there is no build, e.g. how to make one. */
  constructor(
    webRoot: string,
    private readonly notBuilt: (indexFile: string) => string,
  ) {
    this.root = path.resolve(webRoot);
    this.indexFile = path.join(this.root, 'index.html');
  }

  /** GET /assets/*: files inside assets/ only (no ../ escapes); hashed names, so cached for good. */
  serveAssets(fastify: FastifyInstance): void {
    const assets = path.join(this.root, 'assets');
    fastify.get('/assets/*', async (request, reply) => {
      const requested = (request.params as { '*': string })['*'];
      const file = path.resolve(assets, requested);
      const found = file.startsWith(assets + path.sep) && (await stat(file).catch(() => null))?.isFile();
      if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
        .send(await readFile(file));
    });
  }

  /** Answers with index.html, never cached (it names the current hashed bundles), or 503 without a build. */
  async sendPage(reply: FastifyReply): Promise<FastifyReply> {
    if (!existsSync(this.indexFile))
      return reply.code(503).type('text/plain; charset=utf-8').send(this.notBuilt(this.indexFile));
    return reply
      .header('cache-control', 'no-cache')
      .type(CONTENT_TYPES['.html']!)
      .send(await readFile(this.indexFile));
  }
}
