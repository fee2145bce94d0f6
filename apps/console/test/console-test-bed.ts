// The test bed the console's browser specs share: identity and network access as child processes on throwaway
// databases, the console server in-process, the two demo schools' org tree, Chromium, and per page axe-core's
// verdict and screenshots at 1280 and 390 px. Call `consoleTestBed()` inside a spec's describe: it registers
// the beforeAll and afterAll that start and stop all of it.
import {
  assertProducersBuilt,
  callApi,
  cleanUpKafka,
  freePorts,
  launchChromium,
  passwordGrantToken,
  RunningProducers,
  startProducers,
  uniqueRunId,
} from '@edubase/testing';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS,
  ensureConsoleBuilt,
  RunningConsole,
  screenshots,
  seriousViolations,
  startConsole,
} from './console-harness';

export const SCHOOL_1 = '3101200001' as const;
export const SCHOOL_2 = '3101200002' as const;
export const SCHOOL_NAMES = { [SCHOOL_1]: '奉贤区实验中学', [SCHOOL_2]: '奉贤区育贤小学' } as const;

export interface ConsoleTestBed {
  /** This run's id: unique names for what the spec creates. */
  readonly suffix: string;
  readonly producers: RunningProducers;
  readonly consoleUrl: string;
  /** UDP port network access takes NAT syslog lines on (for /trace/public). */
  readonly natSyslogPort: number;
  /** The org ids identity gave the two schools. */
  readonly schoolOrgIds: Record<string, string>;
  /** A browser context as a person in Shanghai with a zh-CN browser would have. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * axe-core and screenshots of the page once it has settled (the pointer moved off, as a reader's); with
   * `dialog`, of the page with its open dialog (waited for to finish opening) rather than after it closed.
   */
  record(page: Page, name: string, options?: { dialog?: boolean }): Promise<void>;
  /** No serious or critical axe-core violation on the pages recorded under these names. */
  expectAccessible(...names: string[]): void;
  /** Printed at the end, e.g. the time to the first screen after sign-in per person. */
  readonly measurements: Record<string, number>;
}

/** Starts the bed before the spec's tests and stops it after; `afterAll` adds `cleanUp`'s work first. */
export function consoleTestBed(
  suite: string,
  cleanUp: () => Promise<unknown> = async () => undefined,
): ConsoleTestBed {
  const suffix = uniqueRunId();
  const topicPrefix = `t-${suffix}.`;
  let producers: RunningProducers | undefined;
  let consoleApp: RunningConsole | undefined;
  let browser: Browser | undefined;
  let natSyslogPort = 0;
  const schoolOrgIds: Record<string, string> = {};
  const a11y: Record<string, string[]> = {};
  const measurements: Record<string, number> = {};

  beforeAll(async () => {
    assertProducersBuilt(['identity', 'network-access']);
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    [natSyslogPort] = (await freePorts(1, 'udp')) as [number];
    producers = await startProducers(suite, suffix, topicPrefix, 60_000, {
      NAT_SYSLOG_HOST: '127.0.0.1',
      NAT_SYSLOG_UDP_PORT: String(natSyslogPort),
      NAT_SYSLOG_TCP_PORT: '0',
    });
    consoleApp = await startConsole({
      identity: producers.identity.baseUrl,
      networkAccess: producers.networkAccess.baseUrl,
    });
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
    for (const [schoolCode, stage] of [
      [SCHOOL_1, 'complete-secondary'],
      [SCHOOL_2, 'primary'],
    ] as const) {
      const school = await callApi<{ id: string }>(
        producers.identity,
        districtToken,
        'POST',
        '/orgs',
        { kind: 'school', name: SCHOOL_NAMES[schoolCode], parentId: district.id, schoolCode, stage },
        201,
      );
      schoolOrgIds[schoolCode] = school.id;
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
    await attempt(cleanUp);
    await attempt(async () => producers?.close());
    await attempt(() => cleanUpKafka({ topicPrefix }));
    console.log(
      `[${suite}] measurements (ms): ${JSON.stringify(measurements)}\n` +
        `axe-core serious/critical violations per page: ${JSON.stringify(a11y)}`,
    );
    if (failures.length > 0) throw failures[0];
  }, 60_000);

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the console test bed has no ${what}: beforeAll failed`);
    return value;
  };

  return {
    suffix,
    get producers() {
      return started(producers, 'services');
    },
    get consoleUrl() {
      return started(consoleApp, 'console server').baseUrl;
    },
    get natSyslogPort() {
      return natSyslogPort;
    },
    schoolOrgIds,
    measurements,
    async newPage() {
      const context = await started(browser, 'browser').newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      return { context, page: await context.newPage() };
    },
    async record(page, name, options = {}) {
      await page.mouse.move(0, 0);
      // A dialog fading out after 保存, a button or table still loading is half transparent: axe would judge
      // their contrast mid-way. Judge the page once it has settled, as a reader sees it.
      // A button's spinner icon can stay in its leave motion after the button stopped loading (seen in the
      // role grants drawer): an empty span, nothing axe would read, so not waited for.
      const moving = `[class*="-leave"]:not(.ant-btn-loading-icon), [class*="-appear"], [class*="-enter"], .ant-btn-loading, .ant-spin-spinning`;
      const settled = `!document.querySelector('${moving}')`;
      await page
        .waitForFunction(
          options.dialog
            ? settled
            : `Array.from(document.querySelectorAll('.ant-modal-wrap')).every((wrap) => getComputedStyle(wrap).display === 'none') && ${settled}`,
          undefined,
          { timeout: 15_000 },
        )
        .catch(async (error: Error) => {
          // Say what never settled rather than only that something did not.
          const unsettled = await page.evaluate(
            `Array.from(document.querySelectorAll('${moving}')).map((element) => element.className).join(' | ')`,
          );
          throw new Error(`${name}: the page did not settle (${String(unsettled)}): ${error.message}`);
        });
      await page.waitForTimeout(300);
      const violations = await seriousViolations(page);
      a11y[name] = violations.map(
        (violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`,
      );
      await screenshots(page, name);
    },
    expectAccessible(...names) {
      expect(Object.fromEntries(names.map((name) => [name, a11y[name]]))).toEqual(
        Object.fromEntries(names.map((name) => [name, []])),
      );
    },
  };
}
