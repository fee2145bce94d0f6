// Vite build of the staff console (工作台) into dist/apps/console-web, which apps/console serves under `/`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const libs = path.resolve(here, '../../libs');

export default defineConfig({
  root: here,
  base: '/',
  // The shared libs the bundle imports, as in tsconfig.json.
  resolve: {
    alias: {
      '@edubase/auth/grants': path.join(libs, 'platform/auth/src/grants.ts'),
      '@edubase/contracts/vocabulary': path.join(libs, 'contracts/src/vocabulary.ts'),
      '@edubase/labels': path.join(libs, 'shared/labels/src/index.ts'),
      '@edubase/web-auth': path.join(libs, 'web/auth/src/index.ts'),
      '@edubase/web-ui': path.join(libs, 'web/ui/src/index.ts'),
    },
  },
  // The shared libs' .tsx sit under the root tsconfig (no jsx setting): the automatic runtime for all.
  esbuild: { jsx: 'automatic' },
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '../../dist/apps/console-web'),
    emptyOutDir: true,
    // exceljs (export only) is one large lazy chunk; every page's own chunk stays small.
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      // Ant Design marks its modules "use client" for React Server Components; a browser bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        // React changes rarely: one cached chunk. Ant Design is left to Rollup, so the first screen loads
        // only the components the shell and 我的账号 use, and each page the rest it needs.
        manualChunks(id) {
          return /node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined;
        },
      },
    },
  },
  server: {
    // `npx vite apps/console-web` during development; the APIs stay on the console server's port.
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3107' },
  },
});
