import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '@edubase/auth';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The UI files served under /docs; a fixed list, so no path from the URL ever reaches the file system.
const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function uiPage(title: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title.replace(/[<>&"]/g, '')}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/swagger-ui-init.js"></script>
</body>
</html>
`;
}

const UI_INIT = `window.ui = SwaggerUIBundle({
  url: '/docs-json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  persistAuthorization: true,
});
`;

/**
 * OpenAPI JSON at /docs-json (and YAML at /docs-yaml) and Swagger UI at /docs. The UI is served from
 * swagger-ui-dist by plain routes instead of @nestjs/swagger's static serving: that needs
 * @fastify/static, whose ESM-only dependencies Jest cannot load, so in-process tests would break.
 */
export function serveOpenApi(
  app: NestFastifyApplication,
  options: { title: string; description: string; version?: string },
): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion(options.version ?? '1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', ui: false });

  const assetsDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets = new Map<string, Buffer>();
  const fastify = app.getHttpAdapter().getInstance();
  const page = uiPage(options.title);
  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  fastify.get('/docs/swagger-ui-init.js', (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(UI_INIT),
  );
  for (const [file, contentType] of Object.entries(UI_ASSETS)) {
    fastify.get(`/docs/${file}`, (_request, reply) => {
      let content = assets.get(file);
      if (!content) {
        content = readFileSync(path.join(assetsDir, file));
        assets.set(file, content);
      }
      return reply.type(contentType).header('Cache-Control', 'public, max-age=86400').send(content);
    });
  }
}
