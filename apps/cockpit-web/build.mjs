// Builds the dashboard: `node apps/cockpit-web/build.mjs` → dist/apps/cockpit-web (run after tools/build.mjs,
// which empties dist/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const started = Date.now();
await build({ configFile: path.join(here, 'vite.config.mjs') });
console.log(`cockpit-web: built into dist/apps/cockpit-web in ${Date.now() - started} ms`);
