import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BuiltWebApp } from './built-web-app';

describe('BuiltWebApp', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'built-web-app-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  writeFileSync(path.join(root, 'secret.txt'), 'outside assets');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const serverOf = async (webRoot: string) => {
    const fastify = Fastify();
    const app = new BuiltWebApp(webRoot, (indexFile) => `not built: ${indexFile}`);
    app.serveAssets(fastify);
    fastify.get('/', (_request, reply) => app.sendPage(reply));
    await fastify.ready();
    return fastify;
  };

  it('serves hashed assets for good, the page never cached', async () => {
    const fastify = await serverOf(root);
    const script = await fastify.inject('/assets/index-abc123.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await fastify.inject('/assets/favicon.ico')).headers['content-type']).toBe('image/x-icon');
    const page = await fastify.inject('/');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<title>app</title>');
  });

  it('serves nothing outside assets/', async () => {
    const fastify = await serverOf(root);
    for (const url of ['/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/assets/missing.js'])
      expect((await fastify.inject(url)).statusCode).toBe(404);
  });

  it('says how to build it when there is no build', async () => {
    const fastify = await serverOf(path.join(root, 'nowhere'));
    const page = await fastify.inject('/');
    expect(page.statusCode).toBe(503);
    expect(page.body).toBe(`not built: ${path.join(root, 'nowhere', 'index.html')}`);
  });
});
