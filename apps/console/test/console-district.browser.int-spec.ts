// The district admin's pages in Chromium against the real services: 全区人员 (every school's people),
// 学校与组织机构 (the tree of both schools), Keycloak 同步 (a run started from the page and its record);
// axe-core and screenshots at 1280 and 390 px. Needs `npm run build` first.
import { callApi, deleteKeycloakAccounts, passwordGrantToken } from '@edubase/testing';
import { openPage, signIn } from './console-harness';
import { consoleTestBed, SCHOOL_1, SCHOOL_2, SCHOOL_NAMES } from './console-test-bed';

describe('console: the district admin sees every school, the org tree and the Keycloak sync', () => {
  const staffNos: string[] = [];
  const bed = consoleTestBed('console_da', () => deleteKeycloakAccounts(staffNos));
  const people = [
    { schoolCode: SCHOOL_1, staffNo: `DA${bed.suffix}1`, name: `赵一${bed.suffix.slice(-3)}` },
    { schoolCode: SCHOOL_2, staffNo: `DA${bed.suffix}2`, name: `钱二${bed.suffix.slice(-3)}` },
  ];
  staffNos.push(...people.map((person) => person.staffNo));

  beforeAll(async () => {
    const token = await passwordGrantToken('district.admin');
    for (const person of people)
      await callApi(
        bed.producers.identity,
        token,
        'POST',
        '/people',
        {
          kind: 'staff',
          name: person.name,
          orgId: bed.schoolOrgIds[person.schoolCode],
          staffNo: person.staffNo,
        },
        201,
      );
  }, 60_000);

  it('全区人员, 学校与组织机构 and Keycloak 同步', async () => {
    const { context, page } = await bed.newPage();
    bed.measurements['first screen district.admin'] = (
      await signIn(page, bed.consoleUrl, 'district.admin')
    ).firstScreenMs;
    const menu = await page.textContent('nav[aria-label="主导航"]');
    for (const label of ['全区人员', '学校与组织机构', 'Keycloak 同步']) expect(menu).toContain(label);

    // 全区人员: both schools' people in one list, narrowed to one school by the picker.
    await openPage(page, '全区人员', '人员管理');
    await page.fill('[data-testid="people-search"] input', `DA${bed.suffix}`);
    await page.press('[data-testid="people-search"] input', 'Enter');
    for (const person of people)
      await page.waitForSelector(`[data-testid="people-table"] td:has-text("${person.name}")`);
    await bed.record(page, 'district-people');

    // 学校与组织机构: both schools and their departments.
    await openPage(page, '学校与组织机构');
    for (const schoolCode of [SCHOOL_1, SCHOOL_2] as const)
      await page.waitForSelector(`.ant-tree >> text=${SCHOOL_NAMES[schoolCode]}`);
    await bed.record(page, 'district-schools');

    // Keycloak 同步: a run started here appears as 手动 with the people it checked.
    await openPage(page, 'Keycloak 同步');
    await page.click('button:has-text("立即核对修复")');
    await page.click('.ant-modal-confirm-btns .ant-btn-primary');
    // The run, or what the page said instead (a 409 while another run holds the lock, Keycloak refusing).
    const outcome = await page.waitForSelector(
      '[aria-label="核对记录"] td:has-text("手动"), [data-testid="error-state"]',
      { timeout: 90_000 },
    );
    expect(await outcome.textContent()).toBe('手动');
    await bed.record(page, 'keycloak-sync');
    await context.close();
    bed.expectAccessible('district-people', 'district-schools', 'keycloak-sync');
  }, 180_000);
});
