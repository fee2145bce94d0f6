import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { keycloakLogin, launchChromium, passwordGrantToken } from '@edubase/testing';
import type { Browser } from 'playwright-core';
import { api, createDistrict, Harness, startIdentity } from './identity-harness';

jest.setTimeout(120_000);

const schoolA = '3101200001';
const artifacts = path.resolve(__dirname, '../../../test-artifacts');

interface CreatedPerson {
  id: string;
  keycloakSync: { provisioned: boolean; initialPassword?: string };
}

/**
 * Single sign-on through the real Keycloak login form in Debian's chromium: a new teacher signs in to the
 * 我的账号 page with the temporary password identity gave them, is made to change it, and sees their name,
 * school and roles.
 */
describe('我的账号 page: OIDC code + PKCE login in a real browser', () => {
  let harness: Harness;
  let browser: Browser | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    harness = await startIdentity('account');
    // The browser needs a real socket: the service listens on a free loopback port (the realm accepts any).
    await harness.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(harness.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('logs a new teacher in, forces the password change, and shows name, school and roles', async () => {
    const district = await passwordGrantToken('district.admin');
    const { schoolIds } = await createDistrict(harness, district, '奉贤区教育局', [
      { schoolCode: schoolA, name: '上海市奉贤区实验小学', stage: 'primary' },
    ]);
    const staffNo = harness.staffNo('web1');
    const created = await api<CreatedPerson>(harness, district, 'POST', '/people', {
      kind: 'staff',
      name: '欧阳丽华',
      orgId: schoolIds[schoolA],
      staffNo,
      email: `${staffNo}@fx.example.cn`,
    });
    expect(created.status).toBe(201);
    const temporaryPassword = created.body.keycloakSync.initialPassword!;
    expect(temporaryPassword).toBeTruthy();
    for (const role of ['teacher', 'network-admin'])
      expect(
        (await api(harness, district, 'POST', `/people/${created.body.id}/roles`, { role, scope: 'school' }))
          .status,
      ).toBe(201);

    const page = await browser!.newPage();
    await page.goto(`${baseUrl}/account`);
    await keycloakLogin(page, staffNo, temporaryPassword);

    // Keycloak's UPDATE_PASSWORD required action: the temporary password must be replaced now.
    await page.locator('#password-new').waitFor({ timeout: 30_000 });
    const ownPassword = `Own-${staffNo}-Pw1!`;
    await page.locator('#password-new').fill(ownPassword);
    await page.locator('#password-confirm').fill(ownPassword);
    await page.locator('#kc-passwd-update-form [type=submit]').first().click();

    // Either the profile or the page's own error message: the latter makes a failure say why.
    await page.locator('#profile:not([hidden]), #status.error').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#status').textContent()).toBe('已登录');
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('#person-name').textContent()).toBe('欧阳丽华');
    expect(await page.locator('#person-staff-no').textContent()).toBe(staffNo);
    expect(await page.locator('#person-school').textContent()).toBe(`上海市奉贤区实验小学（${schoolA}）`);
    expect(await page.locator('#person-roles li').allTextContents()).toEqual([
      '教师（上海市奉贤区实验小学）',
      '网管员（上海市奉贤区实验小学）',
    ]);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'identity-account-page.png'), fullPage: true });

    // The temporary password is gone; the one chosen in the browser works.
    await expect(passwordGrantToken(staffNo, temporaryPassword)).rejects.toThrow(/401/);
    expect(await passwordGrantToken(staffNo, ownPassword)).toBeTruthy();
  });
});
