// The staff console (工作台) in Debian's Chromium against the real identity and network-access services
// (child processes from dist/, their own throwaway databases) and the shared Keycloak: each role's main path,
// the tenancy seen from another school, axe-core on every page, screenshots at 1280 and 390 px. Prints the
// time from submitting the sign-in form to the first screen. Needs `npm run build` first.
import {
  assertProducersBuilt,
  callApi,
  cleanUpKafka,
  createRealmUser,
  deleteKeycloakAccounts,
  deleteRealmUser,
  launchChromium,
  passwordGrantToken,
  radclient,
  RunningProducers,
  startProducers,
  uniqueRunId,
  waitFor,
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

const SCHOOL_1 = '3101200001';
const SCHOOL_2 = '3101200002';
const NAS_SECRET = 'console-web-nas-secret';
const PRINTER_MAC = 'AA-BB-CC-31-07-01';
const PRINTER_IP = '10.31.7.21';
const OFFICER_PASSWORD = 'Console-Officer-1!';

describe('staff console in Chromium with the real identity and network-access services', () => {
  const suffix = uniqueRunId();
  const topicPrefix = `t-${suffix}.`;
  const staffNos = [`RW${suffix}1`, `RW${suffix}2`];
  const officerName = `secoff${suffix}`;
  let producers: RunningProducers | undefined;
  let consoleApp: RunningConsole | undefined;
  let browser: Browser | undefined;
  let officerId: string | undefined;
  const firstScreens: Record<string, number> = {};
  const a11y: Record<string, string[]> = {};

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    return { context, page: await context.newPage() };
  };

  /** axe-core and screenshots of the page as it is (the pointer moved off, as a reader's would be). */
  const record = async (page: Page, name: string): Promise<void> => {
    await page.mouse.move(0, 0);
    // A dialog fading out after 保存, a button or table still loading is half transparent: axe would judge
    // their contrast mid-way. Judge the page once it has settled, as a reader sees it.
    await page.waitForFunction(
      `Array.from(document.querySelectorAll('.ant-modal-wrap')).every((wrap) => getComputedStyle(wrap).display === 'none')
        && !document.querySelector('[class*="-leave"], [class*="-appear"], [class*="-enter"], .ant-btn-loading, .ant-spin-spinning')`,
    );
    await page.waitForTimeout(300);
    const violations = await seriousViolations(page);
    a11y[name] = violations.map(
      (violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`,
    );
    await screenshots(page, name);
  };
  /** At the end of a role's path: no serious or critical axe-core violation on any page it saw. */
  const expectAccessible = (...names: string[]) =>
    expect(Object.fromEntries(names.map((name) => [name, a11y[name]]))).toEqual(
      Object.fromEntries(names.map((name) => [name, []])),
    );

  beforeAll(async () => {
    assertProducersBuilt(['identity', 'network-access']);
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    producers = await startProducers('console_web', suffix, topicPrefix);
    consoleApp = await startConsole({
      identity: producers.identity.baseUrl,
      networkAccess: producers.networkAccess.baseUrl,
    });
    officerId = (
      await createRealmUser({
        username: officerName,
        grants: ['security-officer@district'],
        password: OFFICER_PASSWORD,
      })
    ).id;
    // The org tree of the two demo schools, in this run's identity.
    const districtToken = await passwordGrantToken('district.admin');
    const district = await callApi<{ id: string }>(
      producers.identity,
      districtToken,
      'POST',
      '/orgs',
      { kind: 'district', name: '上海市奉贤区教育局' },
      201,
    );
    for (const [schoolCode, name, stage] of [
      [SCHOOL_1, '奉贤区实验中学', 'complete-secondary'],
      [SCHOOL_2, '奉贤区育贤小学', 'primary'],
    ] as const) {
      const school = await callApi<{ id: string }>(
        producers.identity,
        districtToken,
        'POST',
        '/orgs',
        { kind: 'school', name, parentId: district.id, schoolCode, stage },
        201,
      );
      await callApi(
        producers.identity,
        districtToken,
        'POST',
        '/orgs',
        { kind: 'department', name: '教务处', parentId: school.id },
        201,
      );
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      await step().catch((error: unknown) => failures.push(error));
    };
    await attempt(async () => browser?.close());
    await attempt(async () => consoleApp?.close());
    await attempt(async () => producers?.close());
    await attempt(() => deleteKeycloakAccounts(staffNos));
    await attempt(async () => (officerId ? deleteRealmUser(officerId) : undefined));
    await attempt(() => cleanUpKafka({ topicPrefix }));
    console.log(
      `console first screen after sign-in (ms): ${JSON.stringify(firstScreens)}\n` +
        `axe-core serious/critical violations per page: ${JSON.stringify(a11y)}`,
    );
    if (failures.length > 0) throw failures[0];
  }, 60_000);

  const roster = (mobile2: string) =>
    Buffer.from(
      `\uFEFF工号,姓名,手机,部门\n${staffNos[0]},张一鸣,13800000001,教务处\n${staffNos[1]},李二丫,${mobile2},教务处\n`,
      'utf8',
    );

  it('school admin: 我的账号, then a roster with one bad row — sees the row error, fixes it, commits', async () => {
    const { context, page } = await newPage();
    const signedIn = await signIn(page, consoleApp!.baseUrl, 'admin.3101200001');
    firstScreens['admin.3101200001'] = signedIn.firstScreenMs;
    // The realm's sign-in page speaks Chinese (zh-CN default) and names the district.
    expect(signedIn.loginPage.lang).toBe('zh-CN');
    expect(signedIn.loginPage.text).toContain('登录');
    expect(await page.textContent('[data-testid="user-name"]')).toContain('学校管理员');
    await record(page, 'account');

    await openPage(page, '花名册导入');
    await page.setInputFiles('input[type=file]', {
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: roster('123'),
    });
    await page.click('[data-testid="dry-run"]');
    const errors = await page.waitForSelector('[data-testid="row-errors"]');
    const errorText = await errors.textContent();
    expect(errorText).toContain('3'); // the second data row is row 3 of the file
    expect(errorText).toContain('手机');
    expect(await page.isDisabled('[data-testid="commit"]')).toBe(true);
    await record(page, 'roster-import-errors');

    await page.setInputFiles('input[type=file]', {
      name: 'roster-fixed.csv',
      mimeType: 'text/csv',
      buffer: roster('13800000002'),
    });
    await page.click('[data-testid="dry-run"]');
    await page.waitForSelector('[data-testid="dry-run-ok"]');
    await page.click('[data-testid="commit"]');
    await page.click('.ant-modal-confirm-btns >> text=导入');
    await page.waitForSelector('[data-testid="import-job"][data-status="completed"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="import-job"]')).toContain('写入 2 行');

    await openPage(page, '人员管理');
    await page.fill('[data-testid="people-search"] input', '张一鸣');
    await page.press('[data-testid="people-search"] input', 'Enter');
    await page.waitForSelector('[data-testid="people-table"] td:has-text("张一鸣")');
    await record(page, 'people');
    await openPage(page, '组织机构');
    await page.waitForSelector('text=教务处');
    await record(page, 'org-units');
    await context.close();
    expectAccessible('account', 'roster-import-errors', 'people', 'org-units');
  }, 120_000);

  it('network admin: registers a NAS and a terminal, and sees the terminal online', async () => {
    const { context, page } = await newPage();
    firstScreens['netadmin.3101200001'] = (
      await signIn(page, consoleApp!.baseUrl, 'netadmin.3101200001')
    ).firstScreenMs;

    await openPage(page, 'NAS 设备');
    await page.click('[data-testid="add-nas"]');
    await page.fill('#name', '实验中学核心交换机');
    await page.fill('#ip', '127.0.0.1');
    await page.fill('#sharedSecret', NAS_SECRET);
    await page.click('.ant-modal-footer >> text=保存');
    await page.waitForSelector('[data-testid="nas-table"] td:has-text("实验中学核心交换机")');
    await record(page, 'nas');

    await openPage(page, '终端登记');
    await page.click('[data-testid="add-terminal"]');
    // A bad MAC first: the server's answer shows next to the field.
    await page.fill('#macAddress', 'not-a-mac');
    await page.fill('#name', '三楼打印机');
    await page.check('text=信创终端');
    await page.click('.ant-modal-footer >> text=保存');
    await page.waitForSelector('.ant-form-item-has-error #macAddress');
    await page.fill('#macAddress', PRINTER_MAC);
    await page.click('.ant-modal-footer >> text=保存');
    await page.waitForSelector(`[data-testid="terminal-table"] td:has-text("${PRINTER_MAC}")`);
    expect(await page.textContent('[data-testid="terminal-table"]')).toContain('信创');
    await record(page, 'terminals');

    // The printer joins through the NAS just registered: MAB, then Accounting Start.
    const mac = PRINTER_MAC.replace(/-/g, '');
    const login = await radclient(
      producers!.radius.authPort,
      'auth',
      NAS_SECRET,
      [
        `User-Name = "${mac}"`,
        `User-Password = "${mac}"`,
        `Calling-Station-Id = "${PRINTER_MAC}"`,
        'Service-Type = Call-Check',
      ],
      { timeoutSeconds: 3 },
    );
    expect(login.code).toBe('Access-Accept');
    const start = await radclient(
      producers!.radius.acctPort,
      'acct',
      NAS_SECRET,
      [
        `User-Name = "${mac}"`,
        'Acct-Status-Type = Start',
        `Acct-Session-Id = "console-${suffix}"`,
        `Calling-Station-Id = "${PRINTER_MAC}"`,
        `Framed-IP-Address = ${PRINTER_IP}`,
      ],
      { timeoutSeconds: 3 },
    );
    expect(start.code).toBe('Accounting-Response');

    await openPage(page, '在线会话');
    await waitFor('the session on the 在线会话 page', 10_000, async () => {
      await page.click('text=刷新');
      await page.waitForTimeout(300);
      return page.isVisible(`[data-testid="session-table"] td:has-text("${PRINTER_IP}")`);
    });
    await record(page, 'sessions');
    await context.close();
    expectAccessible('nas', 'terminals', 'sessions');
  }, 120_000);

  it('security officer: traces the IP with 案由 (required) and finds the lookup in the audit', async () => {
    const { context, page } = await newPage();
    firstScreens[officerName] = (
      await signIn(page, consoleApp!.baseUrl, officerName, OFFICER_PASSWORD)
    ).firstScreenMs;
    await openPage(page, '溯源查询');
    await page.fill('#ip', PRINTER_IP);
    await page.click('#at');
    await page.click('.ant-picker-now-btn, .ant-picker-ok >> nth=0');
    await page.click('[data-testid="run-trace"]');
    // No 案由: refused in the form, nothing sent.
    await page.waitForSelector('.ant-form-item-has-error #caseReason');
    await page.fill('#caseReason', '公安网安协查函 2026-107');
    await page.click('[data-testid="run-trace"]');
    await page.waitForSelector(`[data-testid="trace-results"] td:has-text("${PRINTER_MAC}")`);
    await record(page, 'trace');

    await openPage(page, '溯源审计');
    // The lookup just made, with its 案由, in network access's audit (GET /trace/audit).
    await page.waitForSelector(
      `[data-testid="trace-audit-table"] tr:has-text("公安网安协查函 2026-107"):has-text("${officerName}")`,
    );
    await record(page, 'trace-audit');
    await context.close();
    expectAccessible('trace', 'trace-audit');
  }, 90_000);

  it('school admin of another school sees none of it', async () => {
    const { context, page } = await newPage();
    firstScreens['admin.3101200002'] = (
      await signIn(page, consoleApp!.baseUrl, 'admin.3101200002')
    ).firstScreenMs;
    const menu = await page.textContent('nav[aria-label="主导航"]');
    expect(menu).toContain('人员管理');
    expect(menu).not.toContain('NAS 设备');
    expect(menu).not.toContain('溯源查询');

    await openPage(page, '人员管理');
    await page.fill('[data-testid="people-search"] input', '张一鸣');
    await page.press('[data-testid="people-search"] input', 'Enter');
    await page.waitForSelector('[data-testid="people-table"] .ant-empty');
    // A page its roles do not reach, opened by address: refused by the shell (and by the API).
    await page.goto(`${consoleApp!.baseUrl}/network/nas`);
    await page.waitForSelector('[data-testid="个人信息-ready"], [data-testid="empty-state"]', {
      timeout: 15_000,
    });
    await page.waitForSelector('text=您的账号没有打开此页面的角色');
    await screenshots(page, 'other-school-refused');
    await context.close();
  }, 90_000);
});
