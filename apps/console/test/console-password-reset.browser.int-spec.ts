// Password reset by e-mail, as a teacher who forgot it would do it: 忘记密码 on the realm's Chinese sign-in
// page, the Chinese mail in the demo mail sink, its link, a new password, then signing in with it. Relies on
// the realm as deploy/keycloak/edubase-realm.json carries it (resetPasswordAllowed, smtpServer → the sink of
// `infra:up`); it does not configure Keycloak itself. Needs `npm run build` first.
import { createRealmUser, deleteRealmUser, ensureMailSink, SinkMail, waitFor } from '@edubase/testing';
import { screenshots, signIn } from './console-harness';
import { consoleTestBed, SCHOOL_1 } from './console-test-bed';

const OLD_PASSWORD = 'Console-Reset-Old-1!';
const NEW_PASSWORD = 'Console-Reset-New-2!';

describe('console: password reset by e-mail, in Chinese', () => {
  let userId: string | undefined;
  const bed = consoleTestBed('console_pw', async () => (userId ? deleteRealmUser(userId) : undefined));
  const username = `pwreset${bed.suffix}`;
  // createRealmUser gives the account this address.
  const address = `${username}@test.example.cn`;
  let mailsTo: (address: string) => Promise<SinkMail[]>;

  beforeAll(async () => {
    ({ mailsTo } = await ensureMailSink());
    userId = (
      await createRealmUser({
        username,
        grants: [`teacher@${SCHOOL_1}`],
        schoolCode: SCHOOL_1,
        password: OLD_PASSWORD,
      })
    ).id;
  }, 60_000);

  it('忘记密码 → 中文邮件 → 新密码 → 用新密码登录', async () => {
    const { context, page } = await bed.newPage();
    await page.goto(bed.consoleUrl);
    await page.waitForSelector('#kc-login', { timeout: 45_000 });
    expect(String(await page.evaluate('document.documentElement.lang'))).toBe('zh-CN');
    await page.click('a:has-text("忘记密码")');
    await page.waitForSelector('#username');
    expect(await page.textContent('body')).toContain('忘记密码');
    await screenshots(page, 'password-reset-request');
    await page.fill('#username', username);
    await page.click('[type="submit"]');
    await page.waitForSelector('#kc-login, .alert-success, .pf-m-success', { timeout: 15_000 });

    let mail: SinkMail | undefined;
    await waitFor(`the reset mail to ${address} in the mail sink`, 20_000, async () => {
      [mail] = await mailsTo(address);
      return mail !== undefined;
    });
    expect(mail!.subject).toBe('重置密码');
    expect(mail!.text).toContain('有用户要求修改账户');
    expect(mail!.text).toContain('这个链接会在');
    const link = /https?:\/\/\S+\/login-actions\/action-token\?\S+/.exec(mail!.text)?.[0];
    expect(link).toBeDefined();

    // The link, in the browser that asked: straight to 更新密码 (another browser would first confirm).
    await page.goto(link!);
    await page.waitForSelector('#password-new, a:has-text("点击这里")', { timeout: 15_000 });
    if (!(await page.isVisible('#password-new'))) await page.click('a:has-text("点击这里")');
    await page.waitForSelector('#password-new');
    await screenshots(page, 'password-reset-new-password');
    await page.fill('#password-new', NEW_PASSWORD);
    await page.fill('#password-confirm', NEW_PASSWORD);
    await page.click('[type="submit"]');
    // Keycloak signs the person in and hands back to the console that sent them.
    await page.waitForURL((url) => url.toString().startsWith(bed.consoleUrl), { timeout: 20_000 });
    await page.waitForSelector('[data-testid="个人信息-ready"]', { timeout: 20_000 });
    await context.close();

    // A fresh browser: the new password signs in, the old one no longer does.
    const fresh = await bed.newPage();
    bed.measurements['first screen after reset'] = (
      await signIn(fresh.page, bed.consoleUrl, username, NEW_PASSWORD)
    ).firstScreenMs;
    await fresh.context.close();
    const stale = await bed.newPage();
    await stale.page.goto(bed.consoleUrl);
    await stale.page.waitForSelector('#kc-login', { timeout: 45_000 });
    await stale.page.fill('#username', username);
    await stale.page.fill('#password', OLD_PASSWORD);
    await stale.page.click('#kc-login');
    await stale.page.waitForSelector('#input-error, .kc-feedback-text, [id^="input-error"]', {
      timeout: 15_000,
    });
    expect(stale.page.url().startsWith(bed.consoleUrl)).toBe(false);
    await stale.context.close();
  }, 150_000);
});
