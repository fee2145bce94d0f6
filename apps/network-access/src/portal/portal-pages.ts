/**
 * The captive portal's pages: server-rendered HTML with inline CSS and no script, so they load on any
 * phone behind a walled garden that lets nothing else through. Text is Chinese for the people using it.
 */

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character]!);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
background:#eef3f8;color:#1f2d3d;line-height:1.6}
main{max-width:420px;margin:0 auto;padding:32px 20px}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(31,45,61,.08);padding:28px 22px}
h1{font-size:20px;margin:0 0 4px}
.sub{color:#5a6b7d;font-size:14px;margin:0 0 20px}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;font-size:14px;margin:0 0 20px}
dt{color:#5a6b7d}dd{margin:0;word-break:break-all;font-family:ui-monospace,Menlo,Consolas,monospace}
.button{display:block;width:100%;text-align:center;background:#1565c0;color:#fff;text-decoration:none;
font-size:17px;padding:14px;border-radius:8px}
.button:active{background:#0d47a1}
.notice{font-size:12px;color:#5a6b7d;margin-top:18px}
.ok{color:#2e7d32}.fail{color:#c62828}
footer{text-align:center;font-size:12px;color:#8a99a8;margin-top:24px}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
<footer>区域教育城域网 · 上网认证</footer>
</main></body>
</html>
`;
}

export interface DeviceView {
  macAddress: string;
  ip: string;
  nasName: string;
}

function deviceList(device: DeviceView): string {
  return `<dl>
<dt>接入设备</dt><dd>${escapeHtml(device.nasName)}</dd>
<dt>终端 MAC</dt><dd>${escapeHtml(device.macAddress)}</dd>
<dt>IP 地址</dt><dd>${escapeHtml(device.ip)}</dd>
</dl>`;
}

/** The landing page the BRAS redirects an unauthenticated device to. */
export function loginPage(device: DeviceView, loginHref: string): string {
  return page(
    '上网认证',
    `<div class="card">
<h1>教育城域网上网认证</h1>
<p class="sub">请使用统一身份认证账号（工号）登录后上网</p>
${deviceList(device)}
<a class="button" href="${escapeHtml(loginHref)}">统一身份认证登录</a>
<p class="notice">根据《网络安全法》，本网络实行实名上网，上网记录依法留存不少于六个月。</p>
</div>`,
  );
}

export interface ResultView {
  ok: boolean;
  title: string;
  message: string;
  device?: DeviceView;
  /** Where "重新登录" leads, when trying again can help. */
  retryHref?: string;
}

/** The page after the sign-in: authorized, or why not. */
export function resultPage(result: ResultView): string {
  return page(
    result.title,
    `<div class="card">
<h1 class="${result.ok ? 'ok' : 'fail'}">${escapeHtml(result.title)}</h1>
<p class="sub">${escapeHtml(result.message)}</p>
${result.device ? deviceList(result.device) : ''}
${result.retryHref ? `<a class="button" href="${escapeHtml(result.retryHref)}">重新登录</a>` : ''}
</div>`,
  );
}
