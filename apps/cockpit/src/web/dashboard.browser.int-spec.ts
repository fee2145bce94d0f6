import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { LiveStream, RunningCockpit, startCockpit } from '../testing/cockpit-app';
import { DEMO_PASSWORD, event, KEYCLOAK_URL, passwordToken, waitFor } from '../testing/cockpit-test-kit';
import type { Overview } from '../indicators/indicator-types';

const ROOT = path.resolve(__dirname, '../../../..');
const WEB_SOURCE = path.join(ROOT, 'apps/cockpit-web');
const WEB_BUILD = path.join(ROOT, 'dist/apps/cockpit-web');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const SCHOOL_1 = '3101200001';
const SCHOOL_2 = '3101200002';

function newestMtime(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((newest, entry) => {
    if (entry.name === 'node_modules') return newest;
    const full = path.join(directory, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

/** Builds the dashboard unless dist already holds a build newer than its sources. */
function ensureDashboardBuilt(): void {
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

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  // Browser-side failures end up in the test output instead of a bare timeout.
  page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${username}] console: ${message.text()}`);
  });
  await page.goto(baseUrl);
  // The real Keycloak login page of realm edubase.
  await page.waitForURL((url) => url.toString().startsWith(`${KEYCLOAK_URL}/realms/edubase/`), {
    timeout: 15_000,
  });
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('#kc-login');
  await page.waitForURL((url) => url.toString().startsWith(baseUrl), { timeout: 15_000 });
}

const kpi = async (page: Page, name: string): Promise<number> =>
  Number(await page.getAttribute(`[data-testid="kpi-${name}"]`, 'data-value'));

describe('leaders’ dashboard in Chromium: Keycloak sign-in, live numbers, school-level isolation', () => {
  let cockpit: RunningCockpit;
  let browser: Browser;

  const sessionStart = (sessionId: string, schoolCode: string) => {
    const at = new Date();
    return event(
      'netaccess.session.started.v1',
      {
        sessionId,
        username: `user-${sessionId}`,
        personId: null,
        terminalId: null,
        macAddress: null,
        nasId: `nas-${schoolCode}`,
        nasIp: '10.1.1.1',
        nasPort: null,
        framedIp: null,
        startedAt: at.toISOString(),
      },
      { schoolCode, occurredAt: at },
    );
  };

  beforeAll(async () => {
    ensureDashboardBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    cockpit = await startCockpit('cockpit_web', { COCKPIT_WEB_ROOT: WEB_BUILD });
    await cockpit.producer.send([
      event(
        'identity.org.created.v1',
        {
          orgId: 'o1',
          kind: 'school',
          name: '奉贤区实验中学',
          parentId: null,
          schoolCode: SCHOOL_1,
          stage: 'complete-secondary',
        },
        { schoolCode: SCHOOL_1 },
      ),
      event(
        'identity.org.created.v1',
        {
          orgId: 'o2',
          kind: 'school',
          name: '奉贤区育贤小学',
          parentId: null,
          schoolCode: SCHOOL_2,
          stage: 'primary',
        },
        { schoolCode: SCHOOL_2 },
      ),
      sessionStart('b-1', SCHOOL_2),
    ]);
    // Wait until the cockpit has projected the seed, so the page starts from a settled state.
    const token = await passwordToken('leader1');
    const stream = new LiveStream<Overview>(`${cockpit.baseUrl}/api/live`, token);
    await waitFor(
      async () =>
        stream.events.at(-1)?.online.sessions === 1 && (stream.events.at(-1)?.schools?.length ?? 0) === 2,
      20_000,
      'seed projected',
    );
    stream.close();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
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
  });

  afterAll(async () => {
    await browser?.close();
    await cockpit?.close();
  });

  it('signs a leader in through Keycloak and shows new events on the page within 2 s', async () => {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await signIn(page, cockpit.baseUrl, 'leader1');
    await page.waitForSelector('[data-testid="live-state"]:has-text("实时")');
    await page.waitForSelector('[data-testid="school-3101200001"]');
    expect(await page.textContent('[data-testid="scope"]')).toContain('全区');
    const before = {
      online: await kpi(page, 'online-users'),
      rejected: await kpi(page, 'rejected-today'),
      staff: await kpi(page, 'active-staff'),
    };
    expect(before.online).toBe(1);

    const sentAt = Date.now();
    await cockpit.producer.send([
      event(
        'identity.person.created.v1',
        {
          personId: 'p-web-1',
          kind: 'staff',
          staffNo: 'T3101200001',
          studentNo: null,
          name: '陈老师',
          schoolCode: SCHOOL_1,
          orgId: 'o1',
          status: 'active',
        },
        { schoolCode: SCHOOL_1 },
      ),
      event(
        'identity.role.granted.v1',
        {
          personId: 'p-web-1',
          staffNo: 'T3101200001',
          role: 'teacher',
          scope: 'school',
          schoolCode: SCHOOL_1,
          endsAt: null,
        },
        { schoolCode: SCHOOL_1 },
      ),
      sessionStart('a-1', SCHOOL_1),
      sessionStart('a-2', SCHOOL_1),
      sessionStart('a-3', SCHOOL_1),
      ...['bad-password', 'no-network-role'].map((reason) =>
        event(
          'netaccess.auth.rejected.v1',
          {
            username: 'T3101200009',
            macAddress: null,
            nasId: `nas-${SCHOOL_1}`,
            method: 'pap',
            reason: reason as 'bad-password',
            at: new Date().toISOString(),
          },
          { schoolCode: SCHOOL_1 },
        ),
      ),
    ]);
    const expected = { online: before.online + 3, rejected: before.rejected + 2, staff: before.staff + 1 };
    await waitFor(
      async () =>
        (await kpi(page, 'online-users')) === expected.online &&
        (await kpi(page, 'rejected-today')) === expected.rejected &&
        (await kpi(page, 'active-staff')) === expected.staff,
      2_000,
      'the new events on the page',
      25,
    );
    const visibleAfterMs = Date.now() - sentAt;
    expect(visibleAfterMs).toBeLessThan(2_000);
    expect(await page.textContent('[data-testid="school-3101200001-online"]')).toBe('3');
    await page.waitForTimeout(800); // let the charts finish their short update animation
    await page.screenshot({ path: path.join(ARTIFACTS, 'cockpit-dashboard-district.png'), fullPage: true });

    // Drill down into the school.
    await page.click('[data-testid="school-3101200001"]');
    await page.waitForSelector('[data-testid="scope"]:has-text("奉贤区实验中学")');
    await waitFor(async () => (await kpi(page, 'online-users')) === 3, 5_000, 'the school view');
    expect(await page.isVisible('[data-testid="school-table"]')).toBe(false);
    await page.click('[data-testid="layout-screen"]');
    await page.waitForTimeout(800);
    await page.screenshot({
      path: path.join(ARTIFACTS, 'cockpit-dashboard-school-bigscreen.png'),
      fullPage: true,
    });
    await context.close();
  });

  it('shows a school admin only their own school, and says so when they ask for another', async () => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await signIn(page, cockpit.baseUrl, 'admin.3101200002');
    await page.waitForSelector('[data-testid="scope"]:has-text("奉贤区育贤小学")');
    await page.waitForSelector('[data-testid="kpi-online-users"]');
    // School 1's three sessions and rejections are not theirs.
    expect(await kpi(page, 'online-users')).toBe(1);
    expect(await kpi(page, 'rejected-today')).toBe(0);
    expect(await page.isVisible('[data-testid="school-table"]')).toBe(false);
    expect(await page.isVisible('[data-testid="back-to-district"]')).toBe(false);

    await page.goto(`${cockpit.baseUrl}/?school=${SCHOOL_1}`);
    await page.waitForURL(
      (url) => url.toString().startsWith(cockpit.baseUrl) && !url.searchParams.has('code'),
      { timeout: 15_000 },
    );
    const error = await page.waitForSelector('[data-testid="error"]', { timeout: 10_000 });
    expect(await error.textContent()).toContain('无权查看');
    expect(await page.isVisible('[data-testid="kpi-online-users"]')).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'cockpit-dashboard-forbidden.png') });
    await context.close();
  });
});
