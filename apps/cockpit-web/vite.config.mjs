// Vite build of the leaders' dashboard into dist/apps/cockpit-web, which the cockpit serves under `/`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  // Shared libs the bundle imports at runtime (type-only imports need no alias); as in tsconfig.json.
  resolve: {
    alias: {
      '@edubase/labels': path.resolve(here, '../../libs/shared/labels/src/index.ts'),
      '@edubase/web-auth': path.resolve(here, '../../libs/web/auth/src/index.ts'),
    },
  },
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '../../dist/apps/cockpit-web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite apps/cockpit-web` during development; the API stays on the cockpit's port.
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3106' },
  },
});
