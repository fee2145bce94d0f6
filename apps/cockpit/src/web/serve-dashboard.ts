import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BuiltWebApp } from '@edubase/http';

/**
 * Serves the built dashboard (apps/cockpit-web → dist/apps/cockpit-web) under `/` on the cockpit's own
 * port, so the page, the API and the live stream share one origin (no CORS). The dashboard is one page
 * plus hashed files under /assets/, so two routes cover it. Without a build, `/` says how to make one.
 */
export async function serveDashboard(app: NestFastifyApplication, webRoot: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const dashboard = new BuiltWebApp(
    webRoot,
    (indexFile) => `数字驾驶舱前端尚未构建：缺少 ${indexFile}。请先运行 node apps/cockpit-web/build.mjs。`,
  );
  fastify.get('/', (_request, reply) => dashboard.sendPage(reply));
  dashboard.serveAssets(fastify);
}
