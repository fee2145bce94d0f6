// The leaders' dashboard shows overdue 等保测评 in red (issue 16: "systems by level and assessment status,
// overdue in red"): governance's register events through Kafka into the cockpit, read in Debian's Chromium.
// Needs `npm run build` first (the cockpit-web bundle is rebuilt here when older than its sources).
import { launchChromium } from '@edubase/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { RunningCockpit, startCockpit } from './cockpit-app';
import { event } from './cockpit-test-kit';
import { ARTIFACTS, ensureDashboardBuilt, signIn, WEB_BUILD } from './dashboard-browser';

const OVERDUE = '[data-testid="kpi-governance.systems-assessment-overdue"]';
const RED = 'rgb(185, 28, 28)';

/** A China date `days` from today. */
const chinaDate = (days: number): string =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('leaders’ dashboard: overdue 等保测评 in red', () => {
  let cockpit: RunningCockpit | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ensureDashboardBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    cockpit = await startCockpit('cockpit_govweb', { COCKPIT_WEB_ROOT: WEB_BUILD });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await cockpit?.close();
  }, 60_000);

  const system = (systemId: string, level: number, due: string) =>
    event('governance.system.registered.v1', {
      systemId,
      schoolCode: null,
      name: systemId,
      protectionLevel: level,
      nextAssessmentDue: due,
    });

  it('shows the count in black while nothing is overdue, in red (with words) once a system is', async () => {
    const page = await (
      await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    ).newPage();
    await cockpit!.producer.send([system('cloud', 3, chinaDate(30))]);
    await signIn(page, cockpit!.baseUrl, 'leader1');
    await page.waitForSelector(`${OVERDUE}[data-value="0"]`);
    expect(await page.$(`.kpi-alert ${OVERDUE}`)).toBeNull();
    expect(await page.$eval(OVERDUE, (value) => value.textContent)).toContain('0');

    await cockpit!.producer.send([system('platform', 3, chinaDate(-12))]);
    await page.waitForSelector(`.kpi-alert ${OVERDUE}[data-value="1"]`, { timeout: 15_000 });
    const colour = await page.$eval(
      OVERDUE,
      (value) =>
        (globalThis as unknown as { getComputedStyle(node: unknown): { color: string } }).getComputedStyle(
          value,
        ).color,
    );
    expect(colour).toBe(RED);
    expect(await page.$eval(`.kpi-alert:has(${OVERDUE})`, (card) => card.textContent)).toContain(
      '需尽快处理',
    );
    await page.waitForTimeout(800); // let the charts finish their short update animation
    await page.screenshot({ path: path.join(ARTIFACTS, 'cockpit-governance-overdue.png'), fullPage: true });
  }, 120_000);
});
