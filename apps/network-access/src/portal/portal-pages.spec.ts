import { escapeHtml, loginPage, resultPage } from './portal-pages';

describe('portal pages', () => {
  it('escape everything that came from a request or a registry', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
    const html = loginPage(
      { macAddress: 'aa-bb-cc-dd-ee-ff', ip: '10.31.12.45', nasName: '<b>实验小学</b>' },
      '/portal/login?mac=aa-bb-cc-dd-ee-ff&ip=10.31.12.45',
    );
    expect(html).toContain('&lt;b&gt;实验小学&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('href="/portal/login?mac=aa-bb-cc-dd-ee-ff&amp;ip=10.31.12.45"');
  });

  it('are mobile-friendly Chinese pages without scripts', () => {
    const html = resultPage({
      ok: false,
      title: '认证失败',
      message: '您没有上网权限',
      retryHref: '/portal',
    });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('name="viewport" content="width=device-width,initial-scale=1"');
    expect(html).toContain('重新登录');
    expect(html).not.toContain('<script');
  });
});
