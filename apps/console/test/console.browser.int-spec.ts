// The staff console (工作台) in Debian's Chromium against the real identity and network-access services
// (child processes from dist/, their own throwaway databases) and the shared Keycloak: each role's main path,
// the tenancy seen from another school, axe-core on every page, screenshots at 1280 and 390 px. Prints the
// time from submitting the sign-in form to the first screen. Needs `npm run build` first. Pages of people,
// grants and the district: console-school-admin and console-district specs; password reset: its own spec.
import {
  createRealmUser,
  deleteKeycloakAccounts,
  deleteRealmUser,
  radclient,
  waitFor,
} from '@edubase/testing';
import { createSocket } from 'node:dgram';
import { openPage, screenshots, signIn } from './console-harness';
import { consoleTestBed } from './console-test-bed';

const NAS_SECRET = 'console-web-nas-secret';
const PRINTER_MAC = 'AA-BB-CC-31-07-01';
const PRINTER_IP = '10.31.7.21';
const PUBLIC_IP = '202.121.7.21';
const PUBLIC_PORT = 20345;
const OFFICER_PASSWORD = 'Console-Officer-1!';

/** A Huawei USG session teardown: PRINTER_IP:51234 went out as PUBLIC_IP:PUBLIC_PORT from a minute ago on. */
function natLogLine(now: Date): string {
  const epoch = Math.floor(now.getTime() / 1000);
  const local = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  return (
    `<190>${local} EGRESS-USG6680 %%01SECLOG/6/SESSION_TEARDOWN(l):IPVer=4,Protocol=tcp,SourceIP=${PRINTER_IP},` +
    `DestinationIP=203.0.113.80,SourcePort=51234,DestinationPort=443,SourceNatIP=${PUBLIC_IP},` +
    `SourceNatPort=${PUBLIC_PORT},BeginTime=${epoch - 60},EndTime=${epoch + 600},SendPkts=12,SendBytes=2048,` +
    'RcvPkts=10,RcvBytes=8192,SourceVpnID=0,DestinationVpnID=0,SourceZone=trust,DestinationZone=untrust,' +
    'PolicyName=edu-out,CloseReason=tcp-fin.'
  );
}

describe('staff console in Chromium with the real identity and network-access services', () => {
  let officerId: string | undefined;
  const staffNos: string[] = [];
  const bed = consoleTestBed('console_web', async () => {
    await deleteKeycloakAccounts(staffNos);
    if (officerId) await deleteRealmUser(officerId);
  });
  const officerName = `secoff${bed.suffix}`;
  staffNos.push(`RW${bed.suffix}1`, `RW${bed.suffix}2`);

  beforeAll(async () => {
    officerId = (
      await createRealmUser({
        username: officerName,
        grants: ['security-officer@district'],
        password: OFFICER_PASSWORD,
      })
    ).id;
  });

  const roster = (mobile2: string) =>
    Buffer.from(
      `\uFEFF工号,姓名,手机,部门\n${staffNos[0]},张一鸣,13800000001,教务处\n${staffNos[1]},李二丫,${mobile2},教务处\n`,
      'utf8',
    );

  it('school admin: 我的账号, then a roster with one bad row — sees the row error, fixes it, commits', async () => {
    const { context, page } = await bed.newPage();
    const signedIn = await signIn(page, bed.consoleUrl, 'admin.3101200001');
    bed.measurements['first screen admin.3101200001'] = signedIn.firstScreenMs;
    // The realm's sign-in page speaks Chinese (zh-CN default) and names the district.
    expect(signedIn.loginPage.lang).toBe('zh-CN');
    expect(signedIn.loginPage.text).toContain('登录');
    expect(await page.textContent('[data-testid="user-name"]')).toContain('学校管理员');
    await bed.record(page, 'account');

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
    await bed.record(page, 'roster-import-errors');

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
    await bed.record(page, 'people');
    await openPage(page, '组织机构');
    await page.waitForSelector('text=教务处');
    await bed.record(page, 'org-units');
    await context.close();
    bed.expectAccessible('account', 'roster-import-errors', 'people', 'org-units');
  }, 120_000);

  it('network admin: registers a NAS and a terminal, and sees the terminal online', async () => {
    const { context, page } = await bed.newPage();
    bed.measurements['first screen netadmin.3101200001'] = (
      await signIn(page, bed.consoleUrl, 'netadmin.3101200001')
    ).firstScreenMs;

    await openPage(page, 'NAS 设备');
    await page.click('[data-testid="add-nas"]');
    await page.fill('#name', '实验中学核心交换机');
    await page.fill('#ip', '127.0.0.1');
    await page.fill('#sharedSecret', NAS_SECRET);
    await page.click('.ant-modal-footer >> text=保存');
    await page.waitForSelector('[data-testid="nas-table"] td:has-text("实验中学核心交换机")');
    await bed.record(page, 'nas');

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
    await bed.record(page, 'terminals');
    // 导出 Excel walks the server's pages of the same filtered list and downloads them as one workbook.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="terminal-table"] [data-testid="export-xlsx"]'),
    ]);
    expect(download.suggestedFilename()).toBe('终端登记.xlsx');
    await page.waitForSelector('[data-testid="export-xlsx"]:has-text("导出 Excel")');

    // The printer joins through the NAS just registered: MAB, then Accounting Start.
    const mac = PRINTER_MAC.replace(/-/g, '');
    const login = await radclient(
      bed.producers.radius.authPort,
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
      bed.producers.radius.acctPort,
      'acct',
      NAS_SECRET,
      [
        `User-Name = "${mac}"`,
        'Acct-Status-Type = Start',
        `Acct-Session-Id = "console-${bed.suffix}"`,
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
    await bed.record(page, 'sessions');
    await context.close();
    bed.expectAccessible('nas', 'terminals', 'sessions');
  }, 120_000);

  it('security officer: traces the IP with 案由 (required) and finds the lookup in the audit', async () => {
    const { context, page } = await bed.newPage();
    bed.measurements['first screen security officer'] = (
      await signIn(page, bed.consoleUrl, officerName, OFFICER_PASSWORD)
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
    await bed.record(page, 'trace');

    await openPage(page, '溯源审计');
    // The lookup just made, with its 案由, in network access's audit (GET /trace/audit).
    await page.waitForSelector(
      `[data-testid="trace-audit-table"] tr:has-text("公安网安协查函 2026-107"):has-text("${officerName}")`,
    );
    await bed.record(page, 'trace-audit');

    // 公网地址+端口: the egress firewall logged the printer's address behind a public ip:port.
    const syslog = createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      syslog.send(natLogLine(new Date()), bed.natSyslogPort, '127.0.0.1', (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    syslog.close();
    await openPage(page, '溯源查询');
    await page.click('text=公网地址+端口');
    await page.fill('#ip', PUBLIC_IP);
    await page.fill('#port', String(PUBLIC_PORT));
    await page.click('#at');
    await page.click('.ant-picker-now-btn, .ant-picker-ok >> nth=0');
    await page.click('[data-testid="run-trace"]');
    // 案由 required here too.
    await page.waitForSelector('.ant-form-item-has-error #caseReason');
    await page.fill('#caseReason', '公安网安协查函 2026-108');
    // The NAT line may still be on its way into the store (batched ingest): ask again until it is found.
    await waitFor('the NAT hop on the 公网地址+端口 tab', 15_000, async () => {
      await page.click('[data-testid="run-trace"]');
      await page.waitForSelector('[data-testid="nat-evidence"]');
      return page.isVisible('[data-testid="nat-line"]');
    });
    expect(await page.textContent('[data-testid="nat-line"]')).toContain(`SourceNatPort=${PUBLIC_PORT}`);
    expect(await page.textContent('[data-testid="nat-evidence"]')).toContain(PRINTER_IP);
    await page.waitForSelector(`[data-testid="public-trace-sessions"] td:has-text("${PRINTER_MAC}")`);
    await bed.record(page, 'trace-public');
    await context.close();
    bed.expectAccessible('trace', 'trace-audit', 'trace-public');
  }, 120_000);

  it('school admin of another school sees none of it', async () => {
    const { context, page } = await bed.newPage();
    bed.measurements['first screen admin.3101200002'] = (
      await signIn(page, bed.consoleUrl, 'admin.3101200002')
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
    await page.goto(`${bed.consoleUrl}/network/nas`);
    await page.waitForSelector('[data-testid="个人信息-ready"], [data-testid="empty-state"]', {
      timeout: 15_000,
    });
    await page.waitForSelector('text=您的账号没有打开此页面的角色');
    await screenshots(page, 'other-school-refused');
    await context.close();
  }, 90_000);
});
