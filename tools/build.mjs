// Compiles every app's and lib's src/ and test/fixtures/ (not specs, nor the rest of test/ and bench/) to dist/
// with swc, keeping the repository layout so rewritten path aliases stay valid. Type errors are the job of `npm run typecheck`, not of the build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, readdir, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { transformFile } = require('@swc/core');
const { root, swcOptions } = require('./swc-options.cjs');

const outRoot = path.join(root, 'dist');
const sourceRoots = ['apps', 'libs'];
// Browser apps are bundled by their own Vite build, after the server code (this script empties dist/ first).
const webApps = ['apps/cockpit-web', 'apps/console-web'];
// Browser-only libraries: bundled into the web apps, never loaded by Node.
const browserOnly = ['libs/web'];
const isTest = (file) => /\.(spec|int-spec)\.ts$/.test(file);
// Only what ships: test harnesses and benches live beside src/ and run from sources (Jest, the swc hook).
// The one exception is test/fixtures/: small services a suite starts as child processes, as production runs.
const isShipped = (relative) =>
  relative.includes(`${path.sep}src${path.sep}`) ||
  relative.includes(`${path.sep}test${path.sep}fixtures${path.sep}`);
const copiedAssets = new Set(['.html', '.css', '.json', '.svg', '.png', '.js']);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if ([...webApps, ...browserOnly].includes(path.relative(root, full))) continue;
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

async function build() {
  const started = Date.now();
  // Overwrite in place rather than wiping dist/: running services and test child processes load from it.
  // `npm run clean` removes it when a deleted source must not linger.
  let compiled = 0;
  const jobs = [];
  for (const sourceRoot of sourceRoots) {
    for await (const file of walk(path.join(root, sourceRoot))) {
      const relative = path.relative(root, file);
      const ext = path.extname(file);
      if (ext === '.ts' && !file.endsWith('.d.ts') && !isTest(file) && isShipped(relative)) {
        jobs.push(
          (async () => {
            const output = await transformFile(file, { ...swcOptions(), filename: file, outputPath: file });
            const target = path.join(outRoot, relative.replace(/\.ts$/, '.js'));
            await mkdir(path.dirname(target), { recursive: true });
            await writeFile(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
            if (output.map) await writeFile(`${target}.map`, output.map);
            compiled += 1;
          })(),
        );
      } else if (copiedAssets.has(ext) && isShipped(relative)) {
        const target = path.join(outRoot, relative);
        await mkdir(path.dirname(target), { recursive: true });
        jobs.push(copyFile(file, target));
      }
    }
  }
  await Promise.all(jobs);
  console.log(`build: ${compiled} files compiled to dist/ in ${Date.now() - started} ms`);
  // `--server-only`: the service generator builds what the migration CLI loads, not the dashboard.
  if (process.argv.includes('--server-only')) return;
  for (const webApp of webApps) {
    const result = spawnSync(process.execPath, [path.join(root, webApp, 'build.mjs')], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${webApp} build failed`);
  }
}

build().catch((error) => {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
});
