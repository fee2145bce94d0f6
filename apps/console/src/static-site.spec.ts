import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveStaticSite } from './static-site';

describe('the console’s static site', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'console-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>工作台</title>');
  writeFileSync(path.join(root, 'assets', 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers the app’s own paths with the page, APIs with a problem, and serves assets as the cockpit does', async () => {
    const fastify = Fastify();
    serveStaticSite(fastify, root);
    await fastify.ready();
    const page = await fastify.inject('/network/nas');
    expect([page.statusCode, page.headers['cache-control']]).toEqual([200, 'no-cache']);
    expect(page.body).toContain('工作台');
    const api = await fastify.inject('/api/identity/nothing');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await fastify.inject({ method: 'POST', url: '/people' })).statusCode).toBe(404);
    // The icon type the cockpit's dashboard always had.
    expect((await fastify.inject('/assets/favicon.ico')).headers['content-type']).toBe('image/x-icon');
  });
});
