// The console's 数据安全治理 pages in Debian's Chromium against the real governance service (a child process
// from dist/ with the demo register, its own database) beside identity and network access: the security
// officer's register with the overdue system in red and an assessment refused then recorded; a data owner
// accepting a PI detection suggestion; a school administrator seeing their school's systems only. axe-core
// on every page, screenshots at 1280 and 390 px. Needs `npm run build` first.
import {
  assertProducersBuilt,
  cleanUpKafka,
  launchChromium,
  passwordGrantToken,
  RunningProducers,
  RunningService,
  startPlatformService,
  startProducers,
  uniqueRunId,
} from '@edubase/testing';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS,
  ensureConsoleBuilt,
  openPage,
  RunningConsole,
  screenshots,
  seriousViolations,
  signIn,
  startConsole,
} from './console-harness';

const OVERDUE_SYSTEM = '奉贤区智慧教育云平台(含云课堂)';
const DUE_SOON_SYSTEM = '奉贤区教育数据中心';
const SCHOOL_1_SYSTEM = '上海市奉贤区实验小学校园网站';
const SCHOOL_2_SYSTEM = '上海市奉贤中学智慧校园平台';
/** Red and orange of the due cell (#b91c1c, #b45309), as Chromium computes them. */
const RED = 'rgb(185, 28, 28)';
const ORANGE = 'rgb(180, 83, 9)';

describe('staff console 数据安全治理 pages in Chromium with the real governance service', () => {
  const suffix = uniqueRunId();
  const topicPrefix = `t-${suffix}.`;
  let producers: RunningProducers | undefined;
  let governance: RunningService | undefined;
  let consoleApp: RunningConsole | undefined;
  let browser: Browser | undefined;
  const a11y: Record<string, string[]> = {};

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    return { context, page: await context.newPage() };
  };

  /** axe-core and screenshots once the page has settled (no dialog fading, nothing loading). */
  const record = async (page: Page, name: string): Promise<void> => {
    await page.mouse.move(0, 0);
    await page.waitForFunction(
      `Array.from(document.querySelectorAll('.ant-modal-wrap')).every((wrap) => getComputedStyle(wrap).display === 'none')
        && !document.querySelector('[class*="-leave"], [class*="-appear"], [class*="-enter"], .ant-btn-loading, .ant-spin-spinning')`,
    );
    await page.waitForTimeout(300);
    a11y[name] = (await seriousViolations(page)).map(
      (violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`,
    );
    await screenshots(page, `gov-${name}`);
  };
  const expectAccessible = (...names: string[]) =>
    expect(Object.fromEntries(names.map((name) => [name, a11y[name]]))).toEqual(
      Object.fromEntries(names.map((name) => [name, []])),
    );

  /** The visible rows of a ServerTable, as text. */
  const rowsOf = (page: Page, testId: string): Promise<string[]> =>
    page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`).allInnerTexts();
  /** The text colour the browser computed (this file is compiled without DOM types). */
  const colourOf = (page: Page, selector: string): Promise<string> =>
    page.$eval(
      selector,
      (cell) =>
        (globalThis as unknown as { getComputedStyle(node: unknown): { color: string } }).getComputedStyle(
          cell,
        ).color,
    );

  beforeAll(async () => {
    assertProducersBuilt(['identity', 'network-access', 'governance']);
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    producers = await startProducers('console_gov', suffix, topicPrefix);
    governance = await startPlatformService('governance', `console_gov_gov`, suffix, topicPrefix, {
      GOVERNANCE_SEED_DEMO: 'true',
      GOVERNANCE_SSO_CLIENT_SECRET: 'edubase-governance-secret',
      GOVERNANCE_SHARING_SYNC_SECONDS: '0',
    });
    consoleApp = await startConsole({
      identity: producers.identity.baseUrl,
      networkAccess: producers.networkAccess.baseUrl,
      governance: governance.service.baseUrl,
    });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      await step().catch((error: unknown) => failures.push(error));
    };
    await attempt(async () => browser?.close());
    await attempt(async () => consoleApp?.close());
    await attempt(async () => governance?.close());
    await attempt(async () => producers?.close());
    await attempt(() => cleanUpKafka({ topicPrefix, consumerGroups: [`${topicPrefix}governance`] }));
    console.log(`axe-core serious/critical violations per page: ${JSON.stringify(a11y)}`);
    if (failures.length > 0) throw failures[0];
  }, 60_000);

  it('security officer: the register with the overdue system in red, due soon in orange; an assessment refused at the field, then recorded', async () => {
    const { context, page } = await newPage();
    await signIn(page, consoleApp!.baseUrl, 'security.officer');
    await openPage(page, '信息系统台账');
    const overdueRow = `[data-testid="system-table"] tr.ant-table-row:has-text("${OVERDUE_SYSTEM}")`;
    await page.waitForSelector(overdueRow);
    const overdue = `${overdueRow} [data-testid="due"]`;
    expect(await page.getAttribute(overdue, 'data-due-status')).toBe('overdue');
    expect(await colourOf(page, overdue)).toBe(RED);
    expect(await page.innerText(overdue)).toContain('已逾期');
    const dueSoon = `[data-testid="system-table"] tr.ant-table-row:has-text("${DUE_SOON_SYSTEM}") [data-testid="due"]`;
    expect(await page.getAttribute(dueSoon, 'data-due-status')).toBe('due-soon');
    expect(await colourOf(page, dueSoon)).toBe(ORANGE);
    // district-wide: the district's systems and every school's
    const all = (await rowsOf(page, 'system-table')).join('\n');
    expect(all).toContain(SCHOOL_1_SYSTEM);
    expect(all).toContain(SCHOOL_2_SYSTEM);
    await record(page, 'systems');

    await page.click('text=测评提醒');
    await page.waitForSelector(
      `[data-testid="reminder-table"] tr.ant-table-row:has-text("${OVERDUE_SYSTEM}")`,
    );
    expect((await rowsOf(page, 'reminder-table')).join('\n')).toContain(DUE_SOON_SYSTEM);
    await record(page, 'reminders');
    await page.click('[role="tab"]:has-text("台账")');

    await page.click(`${overdueRow} button:has-text("${OVERDUE_SYSTEM}")`);
    await page.waitForSelector('[data-testid="system-detail"] [data-testid="rectifications"]');
    expect(await page.textContent('[data-testid="system-detail"]')).toContain('待整改');
    await record(page, 'system-detail');

    await page.click('[data-testid="record-assessment"]');
    await page.fill('[data-testid="assessment-form"] #assessedOn', '2099-01-01');
    await page.fill('[data-testid="assessment-form"] #body', '上海市信息安全测评认证中心');
    await page.click('[data-testid="assessment-form"] #result');
    await page.click('.ant-select-item-option[title="良"]');
    await page.click('.ant-modal:has-text("录入等级测评") button:has-text("保存")');
    // the service's problem+json names assessedOn: the reason stands under 测评日期
    const fieldError = await page.waitForSelector(
      '.ant-form-item:has(#assessedOn) .ant-form-item-explain-error',
    );
    expect(await fieldError.textContent()).toContain('is in the future');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.fill('[data-testid="assessment-form"] #assessedOn', today);
    await page.click('.ant-modal:has-text("录入等级测评") button:has-text("保存")');
    await page.waitForSelector('[data-testid="system-detail"] [data-due-status="not-due"]');
    await page.click('.ant-drawer-close');
    await page.waitForSelector(`${overdueRow} [data-due-status="not-due"]`);
    await context.close();
    expectAccessible('systems', 'reminders', 'system-detail');
  }, 180_000);

  it('data owner (the school administrator of 3101200002): accepts a detection suggestion, and the catalog shows the field classified', async () => {
    const { context, page } = await newPage();
    await signIn(page, consoleApp!.baseUrl, 'admin.3101200002');
    await openPage(page, '分类分级复核');
    const mobileRow = '[data-testid="review-table"] tr.ant-table-row:has-text("lxdh")';
    await page.waitForSelector(mobileRow);
    // the owner's data only: the district's 学生综合 suggestions are not theirs
    const pending = (await rowsOf(page, 'review-table')).join('\n');
    expect(pending).toContain('教职工信息');
    expect(pending).not.toContain('xjh');
    expect(await page.textContent(mobileRow)).toContain('手机号码');
    await record(page, 'reviews');

    await page.click(`${mobileRow} button:has-text("采纳")`);
    // the detector suggests grade and flags; the owner names the category
    await page.click('[data-testid="accept-form"] #category');
    await page.click('.ant-select-item-option[title="教职工"]');
    await page.click('.ant-modal:has-text("采纳对") button:has-text("采纳")');
    await page.waitForFunction(
      `!Array.from(document.querySelectorAll('[data-testid="review-table"] tr.ant-table-row')).some((row) => row.innerText.includes('lxdh'))`,
    );

    await openPage(page, '数据目录');
    await page.click('[data-testid="dataset-table"] button:has-text("教职工信息")');
    const field = '[data-testid="field-table"] tr.ant-table-row:has-text("lxdh")';
    await page.waitForSelector(`${field}:has-text("一般数据")`);
    const classified = await page.textContent(field);
    expect(classified).toContain('教职工');
    expect(classified).toContain('一般数据');
    expect(classified).toContain('个人信息');
    await record(page, 'datasets');

    // a district system asks for the staff numbers: the owner approves their half, the officer's stays open
    const token = await passwordGrantToken('admin.3101200002');
    const api = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${consoleApp!.baseUrl}/api/governance${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.ok).toBe(true);
      return (await response.json()) as { items: Array<{ id: string; name: string }> };
    };
    const [staff] = (await api('GET', '/datasets')).items.filter((dataset) => dataset.name === 'jzg_xx');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await api('POST', '/sharing-requests', {
      datasetId: staff!.id,
      clientId: 'district-system-demo',
      purpose: '教师培训学时统计',
      fields: ['gh'],
      startsOn: today,
      endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    });
    await page.click('.ant-drawer-close');
    await openPage(page, '数据共享');
    const request = '[data-testid="sharing-table"] tr.ant-table-row:has-text("教师培训学时统计")';
    await page.waitForSelector(`${request} button:has-text("所有者批准")`);
    // a school administrator is the owner, not a security officer: only the owner's button
    expect(await page.$(`${request} button:has-text("安全员批准")`)).toBeNull();
    await page.click(`${request} button:has-text("所有者批准")`);
    await page.click('.ant-modal-confirm-btns button:has-text("批准")');
    await page.waitForSelector(`${request}:has-text("admin.3101200002")`);
    expect(await page.textContent(request)).toContain('待审批');
    await record(page, 'sharing');
    await context.close();
    expectAccessible('reviews', 'datasets', 'sharing');
  }, 180_000);

  it('school administrator of 3101200001: their school’s systems only, as the API answers them', async () => {
    const { context, page } = await newPage();
    await signIn(page, consoleApp!.baseUrl, 'admin.3101200001');
    await openPage(page, '信息系统台账');
    await page.waitForSelector(
      `[data-testid="system-table"] tr.ant-table-row:has-text("${SCHOOL_1_SYSTEM}")`,
    );
    const rows = await rowsOf(page, 'system-table');
    expect(rows).toHaveLength(1);
    expect(rows.join('\n')).not.toContain(OVERDUE_SYSTEM);
    expect(rows.join('\n')).not.toContain(SCHOOL_2_SYSTEM);
    await record(page, 'systems-school');
    // and the API refuses what the page does not offer: another school's register
    const token = await passwordGrantToken('admin.3101200001');
    const other = await fetch(
      `${consoleApp!.baseUrl}/api/governance/information-systems?schoolCode=3101200002`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(other.status).toBe(403);
    await context.close();
    expectAccessible('systems-school');
  }, 120_000);
});
