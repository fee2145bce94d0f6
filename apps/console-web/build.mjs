// Builds the console: `node apps/console-web/build.mjs` → dist/apps/console-web (run after tools/build.mjs,
// which empties dist/), then prints what each chunk costs a browser (bytes, gzip), entry first.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const assets = path.resolve(here, '../../dist/apps/console-web/assets');
const started = Date.now();
await build({ configFile: path.join(here, 'vite.config.mjs') });
const kb = (bytes) => `${(bytes / 1024).toFixed(1).padStart(7)} kB`;
const rows = readdirSync(assets)
  .filter((file) => file.endsWith('.js') || file.endsWith('.css'))
  .map((file) => {
    const content = readFileSync(path.join(assets, file));
    return { file, size: content.length, gzip: gzipSync(content).length };
  })
  .sort((a, b) => b.gzip - a.gzip);
// What index.html loads before anything else (its script, module preloads and styles): the sign-in and the
// shell; every page's chunk comes on first visit.
const html = readFileSync(path.join(assets, '..', 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/\/assets\/([^"']+)/g)].map((match) => match[1]));
const firstLoad = rows.filter((row) => initial.has(row.file)).reduce((sum, row) => sum + row.gzip, 0);
console.log(`console-web: built into dist/apps/console-web in ${Date.now() - started} ms`);
for (const row of rows)
  console.log(
    `  ${row.file.padEnd(44)} ${kb(row.size)}  gzip ${kb(row.gzip)}${initial.has(row.file) ? '  (first load)' : ''}`,
  );
console.log(
  `  first load before any page: gzip ${kb(firstLoad)}; each page adds its own chunk on first visit`,
);
