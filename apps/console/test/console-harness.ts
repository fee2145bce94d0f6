// What the console's browser test needs around the page: the console server in-process (the services it
// relays to are the real ones, as child processes), a build of console-web no older than its sources,
// screenshots at desktop and phone width, and axe-core's verdict on each page.
import { keycloakLogin, DEMO_PASSWORD, repositoryRoot } from '@edubase/testing';
import type { FastifyInstance } from 'fastify';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConsoleConfig } from '../src/console.config';
import { createConsoleServer } from '../src/console-server';

const ROOT = repositoryRoot();
const WEB_BUILD = path.join(ROOT, 'dist/apps/console-web');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

function newestMtime(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((newest, entry) => {
    if (entry.name === 'node_modules') return newest;
    const full = path.join(directory, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

/** Builds the console unless dist already holds a build newer than its sources and the web libs. */
export function ensureConsoleBuilt(): void {
  const built = (() => {
    try {
      return statSync(path.join(WEB_BUILD, 'index.html')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = ['apps/console-web', 'libs/web', 'libs/shared/labels/src'].map((dir) =>
    newestMtime(path.join(ROOT, dir)),
  );
  if (built > Math.max(...sources)) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'apps/console-web/build.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`console build failed: ${result.stderr || result.stdout}`);
}

export interface RunningConsole {
  baseUrl: string;
  close(): Promise<void>;
}

/** The console server on a random port, relaying to the given services. */
export async function startConsole(upstreams: {
  identity: string;
  networkAccess: string;
  /** Absent: the default URL (the governance pages answer 暂不可用 / an error there). */
  governance?: string;
}): Promise<RunningConsole> {
  const config = loadConsoleConfig({
    ...process.env,
    HTTP_PORT: '0',
    CONSOLE_WEB_ROOT: WEB_BUILD,
    IDENTITY_URL: upstreams.identity,
    NETWORK_ACCESS_URL: upstreams.networkAccess,
    ...(upstreams.governance ? { GOVERNANCE_URL: upstreams.governance } : {}),
    LOG_LEVEL: 'warn',
  });
  const server: FastifyInstance = await createConsoleServer(config);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export interface SignedIn {
  /** Milliseconds from submitting the login form to 我的账号 loaded. */
  firstScreenMs: number;
  /** The realm's sign-in page as the person saw it (lang and visible text). */
  loginPage: { lang: string; text: string };
}

/**
 * Opens the console, signs in on the realm's real login page and waits for 我的账号 to have loaded.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
  page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${username}] console: ${message.text()}`);
  });
  await page.goto(baseUrl);
  // Keycloak may be cold (a shared instance another suite restarted): its first page can take a while.
  await page.waitForSelector('#kc-login', { timeout: 45_000 });
  const loginPage = {
    lang: String(await page.evaluate('document.documentElement.lang')),
    text: String(await page.evaluate('document.body.innerText')),
  };
  await keycloakLogin(page, username, password, 15_000);
  const submitted = Date.now();
  await page.waitForURL((url) => url.toString().startsWith(baseUrl), { timeout: 15_000 });
  await page
    .waitForSelector('[data-testid="个人信息-ready"]', { timeout: 15_000 })
    .catch(async (error: Error) => {
      // What the person saw instead, rather than a bare timeout.
      const text = await page.evaluate('document.body.innerText').catch(() => '');
      throw new Error(`${error.message}\nat ${page.url()} the page showed:\n${String(text).slice(0, 1_000)}`);
    });
  return { firstScreenMs: Date.now() - submitted, loginPage };
}

/** Client-side navigation through the menu (as a person would), then waits for the page's own heading. */
export async function openPage(page: Page, label: string, heading = label): Promise<void> {
  const narrow = (page.viewportSize()?.width ?? 1280) < 768;
  if (narrow) await page.click('[data-testid="open-nav"]');
  await page.click(`nav[aria-label="主导航"] >> text="${label}"`);
  await page.waitForSelector(`h1:has-text("${heading}")`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs in the page (a string: this file is compiled without DOM types): axe-core over WCAG 2.1 A and AA,
 * each violation with up to five of its elements.
 */
const RUN_AXE = `(async () => {
  const result = await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  });
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
  }));
})()`;

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"')))
    await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(RUN_AXE)) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Screenshots of the page at desktop (1280 px) and phone (390 px) width, then back to desktop. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(ARTIFACTS, `console-${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, `console-${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(150);
}
