// The demo's mail relay: an SMTP server that delivers nowhere and keeps the newest messages in memory, with
// a web inbox to read them and a JSON API for tests. Keycloak sends its password-reset mails here in the dev
// realm; a district's real relay replaces it in production (the realm import takes SMTP from a Secret).
// SMTP through nodemailer's smtp-server and mailparser (well kept, RFC 5321/2047 and MIME done right), so run
// this after `npm install`; `infra.mjs up mail` starts it detached.
//   node tools/infra/mail-sink.mjs   env EDUBASE_MAIL_SMTP_PORT (1025), EDUBASE_MAIL_WEB_PORT (8025)
import http from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const SMTP_PORT = Number(process.env.EDUBASE_MAIL_SMTP_PORT || 1025);
const WEB_PORT = Number(process.env.EDUBASE_MAIL_WEB_PORT || 8025);
/** Messages kept (newest first); a demo inbox, not an archive. */
const KEEP = Number(process.env.EDUBASE_MAIL_KEEP || 500);
/** Largest message accepted: reset and notice mails are a few kB. */
const MAX_BYTES = 2 * 1024 * 1024;

/** @type {Array<{id:number,from:string,to:string[],subject:string,date:string,text:string,html:string|null}>} */
const inbox = [];
let nextId = 1;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: MAX_BYTES,
  banner: 'EduBase demo mail sink (delivers nowhere)',
  // Any user and password: the sink stands in for a relay whose credentials the realm may name.
  onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        inbox.unshift({
          id: nextId++,
          from: mail.from?.text ?? session.envelope.mailFrom?.address ?? '',
          to,
          subject: mail.subject ?? '',
          date: (mail.date ?? new Date()).toISOString(),
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : null,
        });
        inbox.length = Math.min(inbox.length, KEEP);
        console.log(`mail ${nextId - 1} to ${to.join(', ')}: ${mail.subject ?? ''}`);
        callback();
      })
      .catch((error) => callback(error));
  },
});
smtp.on('error', (error) => console.error(`smtp error: ${error.message}`));

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character],
  );

const page = (title, body) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.6 system-ui,sans-serif;margin:24px;color:#1f1f1f}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left}a{color:#0958d9}
pre{white-space:pre-wrap;word-break:break-all;background:#f5f5f5;padding:12px}iframe{width:100%;height:420px;border:1px solid #ddd}</style>
</head><body>${body}</body></html>`;

function inboxPage(to) {
  const rows = inbox
    .filter((mail) => !to || mail.to.includes(to))
    .map(
      (mail) =>
        `<tr><td>${escapeHtml(mail.date)}</td><td>${escapeHtml(mail.to.join(', '))}</td>` +
        `<td><a href="/messages/${mail.id}">${escapeHtml(mail.subject || '(无主题)')}</a></td></tr>`,
    )
    .join('');
  return page(
    '演示邮箱',
    `<h1>演示邮箱 (demo inbox)</h1><p>SMTP 127.0.0.1:${SMTP_PORT} 收到的邮件，不投递到任何地方；最新 ${KEEP} 封。</p>` +
      `<table><thead><tr><th>时间</th><th>收件人</th><th>主题</th></tr></thead><tbody>${rows || '<tr><td colspan="3">暂无邮件</td></tr>'}</tbody></table>`,
  );
}

function messagePage(mail) {
  // The mail's HTML in a sandboxed frame: no scripts, no same-origin access to the inbox.
  const html = mail.html
    ? `<iframe sandbox title="邮件正文 (HTML)" srcdoc="${escapeHtml(mail.html)}"></iframe>`
    : '';
  return page(
    mail.subject,
    `<p><a href="/">← 收件箱</a></p><h1>${escapeHtml(mail.subject || '(无主题)')}</h1>` +
      `<p>发件人 ${escapeHtml(mail.from)}<br>收件人 ${escapeHtml(mail.to.join(', '))}<br>时间 ${escapeHtml(mail.date)}</p>` +
      `${html}<h2>纯文本</h2><pre>${escapeHtml(mail.text)}</pre>`,
  );
}

const web = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const send = (status, type, body) => {
    response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    response.end(body);
  };
  const to = url.searchParams.get('to')?.toLowerCase() || null;
  if (url.pathname === '/health') return send(200, 'application/json', '{"status":"UP"}');
  if (url.pathname === '/api/messages' && request.method === 'GET')
    return send(200, 'application/json', JSON.stringify(inbox.filter((mail) => !to || mail.to.includes(to))));
  if (url.pathname === '/api/messages' && request.method === 'DELETE') {
    inbox.length = 0;
    return send(204, 'text/plain', '');
  }
  if (url.pathname === '/' && request.method === 'GET') return send(200, 'text/html', inboxPage(to));
  const match = /^\/messages\/(\d+)$/.exec(url.pathname);
  const mail = match && inbox.find((candidate) => candidate.id === Number(match[1]));
  if (mail) return send(200, 'text/html', messagePage(mail));
  return send(404, 'text/plain', 'not found');
});

smtp.listen(SMTP_PORT, '127.0.0.1', () => console.log(`smtp on 127.0.0.1:${SMTP_PORT}`));
web.listen(WEB_PORT, '127.0.0.1', () => console.log(`inbox on http://127.0.0.1:${WEB_PORT}/`));

const stop = () => {
  web.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
