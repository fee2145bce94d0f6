// The leaders' dashboard end to end with the real producers: identity and network-access run as child
// processes from dist/ (telemetry preload, as in production), the cockpit in-process, all three on one
// throwaway Kafka topic prefix and their own databases. A person is created through identity's REST API and
// RADIUS traffic is sent with FreeRADIUS's radclient; the numbers must change in Debian's Chromium within
// 2 s. Needs `npm run build` first (npm test builds before the integration tests).
import {
  assertProducersBuilt,
  callApi,
  deleteKeycloakAccounts,
  launchChromium,
  passwordGrantToken,
  uniqueRunId,
  waitFor,
  radclient,
  RunningProducers,
  startProducers,
} from '@edubase/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { LiveStream, RunningCockpit, startCockpit } from './cockpit-app';
import { ARTIFACTS, ensureDashboardBuilt, signIn, WEB_BUILD } from './dashboard-browser';
import type { Overview } from '@edubase/cockpit-api';

const SCHOOL_1 = '3101200001';
const SCHOOL_2 = '3101200002';
/** What "live" means for the leaders: a change is on their screen within this time. */
const LIVE_BUDGET_MS = 2_000;

// Two NAS of two schools on one machine: school 2's packets come from a loopback alias.
const NAS = {
  [SCHOOL_1]: { ip: '127.0.0.1', secret: 'cockpit-web-nas-secret-1' },
  [SCHOOL_2]: { ip: '127.0.0.2', secret: 'cockpit-web-nas-secret-2' },
} as const;
const PRINTER = { [SCHOOL_1]: 'AA-BB-CC-10-00-01', [SCHOOL_2]: 'AA-BB-CC-20-00-01' } as const;

const kpi = async (page: Page, name: string): Promise<number> =>
  Number(await page.getAttribute(`[data-testid="kpi-${name}"]`, 'data-value'));

/** The 在岗教职工 cell of a school's row in the district table. */
const schoolStaff = async (page: Page, schoolCode: string): Promise<number> =>
  Number(await page.textContent(`[data-testid="school-${schoolCode}"] td:nth-child(6)`));

/** Milliseconds until `probe` holds, polling every 25 ms; fails after the live budget. */
async function visibleWithin(what: string, since: number, probe: () => Promise<boolean>): Promise<number> {
  await waitFor(what, LIVE_BUDGET_MS, probe, { intervalMs: 25 });
  return Date.now() - since;
}

describe('leaders’ dashboard in Chromium with the real identity and network-access services', () => {
  const suffix = uniqueRunId();
  const staffNo = `ckweb${suffix}`;
  let cockpit: RunningCockpit | undefined;
  let producers: RunningProducers | undefined;
  let browser: Browser | undefined;
  let districtToken: string;
  const orgIds: Record<string, string> = {};

  /** Sends one RADIUS request as the NAS of a school. */
  const radius = (schoolCode: keyof typeof NAS, kind: 'auth' | 'acct', attributes: string[]) =>
    radclient(
      kind === 'auth' ? producers!.radius.authPort : producers!.radius.acctPort,
      kind,
      NAS[schoolCode].secret,
      attributes,
      {
        // A PAP check waits on Keycloak, slower than radclient's usual wait.
        timeoutSeconds: 3,
        ...(NAS[schoolCode].ip === '127.0.0.1' ? {} : { sourceIp: NAS[schoolCode].ip }),
      },
    );

  /** MAB of a school's registered printer, then its Accounting Start: one accepted login, one session. */
  const printerJoins = async (schoolCode: keyof typeof NAS, sessionId: string): Promise<void> => {
    const mac = PRINTER[schoolCode];
    const login = await radius(schoolCode, 'auth', [
      `User-Name = "${mac.replace(/-/g, '')}"`,
      `User-Password = "${mac.replace(/-/g, '')}"`,
      `Calling-Station-Id = "${mac}"`,
      'Service-Type = Call-Check',
    ]);
    expect(login.code).toBe('Access-Accept');
    const start = await radius(schoolCode, 'acct', [
      `User-Name = "${mac.replace(/-/g, '')}"`,
      'Acct-Status-Type = Start',
      `Acct-Session-Id = "${sessionId}"`,
      `Calling-Station-Id = "${mac}"`,
      'Framed-IP-Address = 10.31.1.20',
    ]);
    expect(start.code).toBe('Accounting-Response');
  };

  const withDiagnostics = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: Error) => {
      throw new Error(`${error.message}\n${producers?.diagnostics() ?? ''}`);
    });

  beforeAll(async () => {
    assertProducersBuilt(['identity', 'network-access']);
    ensureDashboardBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    cockpit = await startCockpit('cockpit_web', { COCKPIT_WEB_ROOT: WEB_BUILD });
    producers = await startProducers('cockpit_web', suffix, cockpit.topicPrefix);
    districtToken = await passwordGrantToken('district.admin');
    const { identity, networkAccess } = producers;

    // The organisation tree, in identity.
    const district = await callApi<{ id: string }>(
      identity,
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
        identity,
        districtToken,
        'POST',
        '/orgs',
        { kind: 'school', name, parentId: district.id, schoolCode, stage },
        201,
      );
      orgIds[schoolCode] = school.id;
    }
    // Each school's NAS and printer, in network-access, once identity's school events have reached it (a
    // NAS for a school network access does not know yet is refused with a 400 naming schoolCode).
    for (const schoolCode of [SCHOOL_1, SCHOOL_2] as const) {
      await withDiagnostics(
        waitFor(`network access to accept a NAS of school ${schoolCode}`, 20_000, async () => {
          const response = await fetch(`${networkAccess.baseUrl}/nas`, {
            method: 'POST',
            headers: { authorization: `Bearer ${districtToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              schoolCode,
              name: '核心交换机',
              ip: NAS[schoolCode].ip,
              sharedSecret: NAS[schoolCode].secret,
              vendor: 'huawei',
            }),
          });
          if (response.status === 201) return true;
          if (response.status !== 400)
            throw new Error(`POST /nas: ${response.status} ${await response.text()}`);
          return false;
        }),
      );
      await callApi(
        networkAccess,
        districtToken,
        'POST',
        '/terminals',
        { macAddress: PRINTER[schoolCode], schoolCode, type: 'printer', name: '三楼打印机' },
        201,
      );
    }
    // School 2 already has someone online when the leaders look.
    await printerJoins(SCHOOL_2, `ckweb-${suffix}-s2`);

    // The page starts from a settled state: the cockpit has projected all of the above.
    const stream = new LiveStream<Overview>(
      `${cockpit.baseUrl}/api/live`,
      await passwordGrantToken('leader1'),
    );
    await withDiagnostics(
      waitFor(
        'the cockpit to project the organisations, NAS, printers and school 2’s session',
        20_000,
        () => {
          const overview = stream.events.at(-1);
          return (
            overview?.online.sessions === 1 &&
            overview.schools?.filter((school) => school.name !== null).length === 2 &&
            overview.devices.nas === 2 &&
            overview.devices.terminals === 2
          );
        },
      ),
    ).finally(() => stream.close());

    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    // Every step runs even when an earlier one fails; the first failure is reported at the end.
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      await step().catch((error: unknown) => failures.push(error));
    };
    await attempt(async () => browser?.close());
    await attempt(async () => producers?.close());
    await attempt(() => deleteKeycloakAccounts([staffNo]));
    // Also deletes the producers' topics and consumer groups (dead letters, network-access's identity
    // consumer): they carry the cockpit's topic prefix.
    await attempt(async () => cockpit?.close());
    if (failures.length > 0) throw failures[0];
  }, 60_000);

  it('signs a leader in and shows a person created in identity and RADIUS logins within 2 s', async () => {
    const { identity } = producers!;
    const context = await browser!.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await signIn(page, cockpit!.baseUrl, 'leader1');
    await page.waitForSelector('[data-testid="live-state"]:has-text("实时")');
    await page.waitForSelector('[data-testid="school-3101200001"]');
    expect(await page.textContent('[data-testid="scope"]')).toContain('全区');
    const before = {
      online: await kpi(page, 'online-users'),
      authentications: await kpi(page, 'auth-today'),
      rejected: await kpi(page, 'rejected-today'),
      sessions: await kpi(page, 'sessions-today'),
      staff: await kpi(page, 'active-staff'),
      schoolStaff: await schoolStaff(page, SCHOOL_1),
    };
    expect(before).toEqual({
      online: 1,
      authentications: 1,
      rejected: 0,
      sessions: 1,
      staff: 0,
      schoolStaff: 0,
    });

    // 1. A teacher joins school 1 through identity's REST API (the call also provisions their account).
    const requestedAt = Date.now();
    const person = await callApi<{ id: string; keycloakSync?: { provisioned: boolean } }>(
      identity,
      districtToken,
      'POST',
      '/people',
      { kind: 'staff', name: '陈老师', orgId: orgIds[SCHOOL_1], staffNo },
      201,
    );
    const createdAt = Date.now();
    expect(person.keycloakSync?.provisioned).toBe(true);
    const staffVisibleAfterMs = await withDiagnostics(
      visibleWithin(
        'the new teacher in 在岗教职工',
        createdAt,
        async () =>
          (await kpi(page, 'active-staff')) === before.staff + 1 &&
          (await schoolStaff(page, SCHOOL_1)) === before.schoolStaff + 1,
      ),
    );
    expect(staffVisibleAfterMs).toBeLessThan(LIVE_BUDGET_MS);
    // Their network role: it reaches network-access's person projection, which PAP checks below.
    await callApi(
      identity,
      districtToken,
      'POST',
      `/people/${person.id}/roles`,
      { role: 'teacher', scope: 'school', schoolCode: SCHOOL_1 },
      201,
    );
    await withDiagnostics(networkAccessKnows(producers!, staffNo, 'teacher'));

    // 2. RADIUS through radclient: school 1's printer logs in (MAB) and starts a session; the new teacher
    // types a wrong password (PAP, checked against Keycloak because network-access knows them as a teacher).
    const firstPacketAt = Date.now();
    await printerJoins(SCHOOL_1, `ckweb-${suffix}-s1`);
    const wrongPassword = await radius(SCHOOL_1, 'auth', [
      `User-Name = "${staffNo}"`,
      'User-Password = "not-the-password"',
    ]);
    const radiusDoneAt = Date.now();
    expect(wrongPassword.code).toBe('Access-Reject');
    expect(wrongPassword.attributes['Reply-Message']).toBe('用户名或密码错误');
    const radiusVisibleAfterMs = await withDiagnostics(
      visibleWithin(
        'the RADIUS logins in the online and authentication numbers',
        radiusDoneAt,
        async () =>
          (await kpi(page, 'online-users')) === before.online + 1 &&
          (await kpi(page, 'auth-today')) === before.authentications + 2 &&
          (await kpi(page, 'rejected-today')) === before.rejected + 1 &&
          (await kpi(page, 'sessions-today')) === before.sessions + 1,
      ),
    );
    expect(radiusVisibleAfterMs).toBeLessThan(LIVE_BUDGET_MS);
    // Identity commits (and publishes) before its Keycloak call, so the page may be ahead of the response.
    console.log(
      `on the page: new person ${staffVisibleAfterMs} ms after POST /people returned ` +
        `(${createdAt + staffVisibleAfterMs - requestedAt} ms after it was sent); RADIUS logins ` +
        `${radiusVisibleAfterMs} ms after the last reply (${radiusDoneAt + radiusVisibleAfterMs - firstPacketAt} ms after the first packet)`,
    );
    expect(await page.textContent('[data-testid="school-3101200001-online"]')).toBe('1');
    await page.waitForTimeout(800); // let the charts finish their short update animation
    await page.screenshot({ path: path.join(ARTIFACTS, 'cockpit-dashboard-district.png'), fullPage: true });

    // Drill down into the school.
    await page.click('[data-testid="school-3101200001"]');
    await page.waitForSelector('[data-testid="scope"]:has-text("奉贤区实验中学")');
    await waitFor(
      'the school view',
      5_000,
      async () => (await kpi(page, 'online-users')) === 1 && (await kpi(page, 'active-staff')) === 1,
    );
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
    const context = await browser!.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await signIn(page, cockpit!.baseUrl, 'admin.3101200002');
    await page.waitForSelector('[data-testid="scope"]:has-text("奉贤区育贤小学")');
    await page.waitForSelector('[data-testid="kpi-online-users"]');
    // Their own printer's session only: school 1's session, rejection and new teacher are not theirs.
    expect(await kpi(page, 'online-users')).toBe(1);
    expect(await kpi(page, 'auth-today')).toBe(1);
    expect(await kpi(page, 'rejected-today')).toBe(0);
    expect(await kpi(page, 'active-staff')).toBe(0);
    expect(await page.isVisible('[data-testid="school-table"]')).toBe(false);
    expect(await page.isVisible('[data-testid="back-to-district"]')).toBe(false);

    await page.goto(`${cockpit!.baseUrl}/?school=${SCHOOL_1}`);
    await page.waitForURL(
      (url) => url.toString().startsWith(cockpit!.baseUrl) && !url.searchParams.has('code'),
      { timeout: 15_000 },
    );
    const error = await page.waitForSelector('[data-testid="error"]', { timeout: 10_000 });
    expect(await error.textContent()).toContain('无权查看');
    expect(await page.isVisible('[data-testid="kpi-online-users"]')).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'cockpit-dashboard-forbidden.png') });
    await context.close();
  });
});

/**
 * Waits until network-access's own projection (its throwaway database) holds the person with the role:
 * identity's events reached it.
 */
async function networkAccessKnows(
  producers: RunningProducers,
  username: string,
  role: string,
): Promise<void> {
  const connection = await mysql.createConnection(producers.databases.networkAccess.connection);
  try {
    await waitFor(
      `network-access to learn of ${username} (${role}) from identity's events`,
      15_000,
      async () => {
        const [rows] = await connection.query(
          `SELECT COUNT(*) AS n FROM person p JOIN person_role r ON r.person_id = p.person_id
           WHERE p.staff_no = ? AND p.status = 'active' AND r.role = ?`,
          [username, role],
        );
        return Number((rows as Array<{ n: number | string }>)[0]?.n) === 1;
      },
    );
  } finally {
    await connection.end();
  }
}
