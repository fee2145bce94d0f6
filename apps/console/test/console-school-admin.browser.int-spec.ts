// The school admin's people pages in Chromium against the real services: edit a person, grant a role (only
// school roles, only their own school on offer), record a departure (离岗); axe-core and screenshots at 1280
// and 390 px of each page and dialog. Needs `npm run build` first.
import { callApi, deleteKeycloakAccounts, passwordGrantToken } from '@edubase/testing';
import type { Page } from 'playwright-core';
import { openPage, signIn } from './console-harness';
import { consoleTestBed, SCHOOL_1, SCHOOL_NAMES, SCHOOL_2 } from './console-test-bed';

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * The options of the select dropdown opened last (Ant Design appends each to the body on first opening; one
 * closed a moment ago may still be fading out, so not simply every visible one).
 */
async function openOptions(page: Page): Promise<string[]> {
  await page.waitForSelector(`${OPEN_DROPDOWN} .ant-select-item-option`);
  // A string: this file is compiled without DOM types.
  return (await page.evaluate(
    `Array.from(Array.from(document.querySelectorAll('${OPEN_DROPDOWN}')).at(-1)?.querySelectorAll('.ant-select-item-option') ?? []).map((option) => option.textContent ?? '')`,
  )) as string[];
}

/**
 * Picks `text` in the select matched by `select` (inside a dialog that may still be zooming in, whose wrap
 * takes a click aimed at a moving dropdown and closes it): waits for the animations to end, and tries again
 * until the select shows the choice.
 */
async function pickOption(page: Page, select: string, text: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await page.waitForSelector('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter', {
      state: 'detached',
    });
    const dropdown = page.locator(OPEN_DROPDOWN).last();
    if (!(await dropdown.isVisible())) await page.click(select);
    await page.waitForSelector(`${OPEN_DROPDOWN} .ant-select-item-option`);
    await page.waitForSelector(`${OPEN_DROPDOWN}[class*="-appear"], ${OPEN_DROPDOWN}[class*="-enter"]`, {
      state: 'detached',
    });
    await dropdown
      .locator('.ant-select-item-option', { hasText: text })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    if ((await page.textContent(select))?.includes(text)) return;
    if (attempt === 3) throw new Error(`could not pick ${text} in ${select}`);
  }
}

describe('console: a school admin edits a person, grants a role within the school, records a departure', () => {
  const staffNos: string[] = [];
  const bed = consoleTestBed('console_sa', () => deleteKeycloakAccounts(staffNos));
  const staffNo = `SA${bed.suffix}`;
  const name = `王五${bed.suffix.slice(-3)}`;
  staffNos.push(staffNo);

  beforeAll(async () => {
    const token = await passwordGrantToken('admin.3101200001');
    await callApi(
      bed.producers.identity,
      token,
      'POST',
      '/people',
      { kind: 'staff', name, orgId: bed.schoolOrgIds[SCHOOL_1], staffNo, mobile: '13800000011' },
      201,
    );
  }, 60_000);

  const findPerson = async (page: Page, query: string) => {
    await page.fill('[data-testid="people-search"] input', query);
    await page.press('[data-testid="people-search"] input', 'Enter');
  };

  it('edits, grants within the school only, and records 离岗', async () => {
    const { context, page } = await bed.newPage();
    bed.measurements['first screen admin.3101200001'] = (
      await signIn(page, bed.consoleUrl, 'admin.3101200001')
    ).firstScreenMs;
    await openPage(page, '人员管理');
    await findPerson(page, staffNo);
    const row = `[data-testid="people-table"] tr:has-text("${staffNo}")`;
    await page.waitForSelector(row);

    // 编辑: a new name, saved through PATCH /people/:id, shown in the list.
    await page.click(`${row} >> button:has-text("编辑")`);
    await page.waitForSelector('.ant-modal-title:has-text("编辑")');
    await page.fill('#name', `${name}改`);
    await bed.record(page, 'person-edit', { dialog: true });
    await page.click('.ant-modal-footer >> text=保存');
    await page.waitForSelector(`[data-testid="people-table"] td:has-text("${name}改")`);

    // 角色: the drawer offers only school roles and only this admin's school.
    await page.click(`${row} >> button:has-text("角色")`);
    await page.waitForSelector('[data-testid="grant-form"]');
    await page.click('[data-testid="grant-form"] .ant-select:has([aria-label="授予角色"])');
    const roles = await openOptions(page);
    expect(roles).toContain('网管员');
    expect(roles).not.toContain('区级管理员');
    expect(roles).not.toContain('审计员');
    await page.click(`${OPEN_DROPDOWN} >> text=网管员`);
    await page.waitForSelector(OPEN_DROPDOWN, { state: 'hidden' });
    await page.click('[data-testid="grant-form"] .ant-select:has([aria-label="学校"])');
    const schools = await openOptions(page);
    expect(schools).toEqual([`${SCHOOL_NAMES[SCHOOL_1]}（${SCHOOL_1}）`]);
    expect(schools.join()).not.toContain(SCHOOL_2);
    await page.keyboard.press('Escape');
    await page.click('[data-testid="grant-role"]');
    await page.waitForSelector('.ant-drawer .ant-list-item:has-text("网管员")');
    expect(await page.textContent('.ant-drawer .ant-list-item:has-text("网管员")')).toContain(SCHOOL_1);
    await bed.record(page, 'role-grants');
    await page.click('.ant-drawer-close');

    // 离岗: kind, date and reason; the list then says 离岗.
    await page.click(`${row} >> button:has-text("离岗")`);
    await page.waitForSelector('.ant-modal-title:has-text("离岗")');
    await pickOption(page, '.ant-modal-body .ant-select:has([aria-label="方式"])', '调出');
    await page.click('#effectiveDate');
    await page.click(
      '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-now-btn, .ant-picker-today-btn',
    );
    await page.fill('#reason', '调往区教育学院');
    await bed.record(page, 'person-departure', { dialog: true });
    await page.click('.ant-modal-footer >> text=确认');
    await page.waitForSelector(`${row} .ant-tag:has-text("离岗")`);
    await bed.record(page, 'people-after-departure');
    await context.close();
    bed.expectAccessible('person-edit', 'role-grants', 'person-departure', 'people-after-departure');
  }, 150_000);
});
