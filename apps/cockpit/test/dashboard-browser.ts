// What the dashboard's browser tests share: a build of cockpit-web no older than its sources, and signing in
// on the realm's real login page.
import { DEMO_PASSWORD, keycloakLogin, repositoryRoot } from '@edubase/testing';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = repositoryRoot();
const WEB_SOURCE = path.join(ROOT, 'apps/cockpit-web');
/** The built dashboard: the in-process cockpit serves it (`COCKPIT_WEB_ROOT`). */
export const WEB_BUILD = path.join(ROOT, 'dist/apps/cockpit-web');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

function newestMtime(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((newest, entry) => {
    if (entry.name === 'node_modules') return newest;
    const full = path.join(directory, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

/** Builds the dashboard unless dist already holds a build newer than its sources. */
export function ensureDashboardBuilt(): void {
  const built = (() => {
    try {
      return statSync(path.join(WEB_BUILD, 'index.html')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built > newestMtime(WEB_SOURCE)) return;
  const result = spawnSync(process.execPath, [path.join(WEB_SOURCE, 'build.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dashboard build failed: ${result.stderr || result.stdout}`);
}

export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  // Browser-side failures end up in the test output instead of a bare timeout.
  page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${username}] console: ${message.text()}`);
  });
  await page.goto(baseUrl);
  // The app sends the browser to the realm's real login page; after it, back to the app.
  await keycloakLogin(page, username, DEMO_PASSWORD, 15_000);
  await page.waitForURL((url) => url.toString().startsWith(baseUrl), { timeout: 15_000 });
}
