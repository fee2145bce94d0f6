import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, KEYCLOAK_REALM, KEYCLOAK_URL } from './infrastructure';

/** Debian's chromium package: playwright-core drives it instead of downloading a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Debian chromium. No sandbox (tests run as root in a container), no GPU, and none of the
 * background traffic (updates, sync, first-run pages) a test machine should not make.
 */
export async function launchChromium(): Promise<Browser> {
  // Loaded on first use: playwright-core takes a good part of a second to load, and most suites never
  // open a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Signs in on the realm's real login form, once the page has been sent there (by the app's OIDC
 * redirect), and submits it. Where the browser goes next (back to the app, a required action such as
 * UPDATE_PASSWORD) is the caller's to wait for.
 */
export async function keycloakLogin(
  page: Page,
  username: string,
  password = DEMO_PASSWORD,
  timeoutMs = 30_000,
): Promise<void> {
  const loginPage = `${KEYCLOAK_URL}/realms/${KEYCLOAK_REALM}/protocol/openid-connect/auth`;
  await page.waitForURL((url) => url.href.startsWith(loginPage), { timeout: timeoutMs });
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
}
