/**
 * The 我的账号 page: static HTML, CSS and a small script (no data in any of them). The script signs in with
 * OIDC authorization code + PKCE (S256) against the public client (the code is redeemed through
 * POST /account/token, see AccountPageService.redeemCode), keeps the tokens in memory only, and reads the
 * person from GET /account/me with the access token.
 */

export interface AccountPageSettings {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function accountHtml(settings: AccountPageSettings): string {
  return `<!doctype html>
<html lang="zh-CN" data-keycloak-url="${escapeAttribute(settings.keycloakUrl)}" data-realm="${escapeAttribute(settings.realm)}" data-client-id="${escapeAttribute(settings.clientId)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>我的账号 · EduBase 统一身份认证</title>
<link rel="stylesheet" href="/account/account.css">
<script src="/account/account.js" defer></script>
</head>
<body>
<main>
  <h1>我的账号</h1>
  <p id="status" role="status">正在登录…</p>
  <section id="profile" hidden>
    <dl>
      <dt>姓名</dt><dd id="person-name"></dd>
      <dt>工号</dt><dd id="person-staff-no"></dd>
      <dt>学校</dt><dd id="person-school"></dd>
      <dt>部门</dt><dd id="person-unit"></dd>
      <dt>角色</dt><dd><ul id="person-roles"></ul></dd>
    </dl>
    <button id="logout" type="button">退出登录</button>
  </section>
</main>
</body>
</html>
`;
}

export const accountCss = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f7fa;color:#1f2933}
main{max-width:36rem;margin:3rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{margin-top:0;font-size:1.5rem}dl{display:grid;grid-template-columns:5rem 1fr;gap:.5rem 1rem}dt{color:#52606d}
dd{margin:0}ul{margin:0;padding-left:1.2rem}button{margin-top:1.5rem;padding:.4rem 1rem}
#status.error{color:#b42318}
`;

export const accountScript = `'use strict';
(function () {
  var root = document.documentElement;
  var realmUrl = root.dataset.keycloakUrl.replace(/\\/$/, '') + '/realms/' + encodeURIComponent(root.dataset.realm);
  var clientId = root.dataset.clientId;
  var redirectUri = location.origin + location.pathname;
  var status = document.getElementById('status');
  var idToken = null;

  function show(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }
  function base64url(bytes) {
    var text = '';
    bytes.forEach(function (byte) { text += String.fromCharCode(byte); });
    return btoa(text).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function randomString() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }
  async function challengeOf(verifier) {
    var digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    return base64url(new Uint8Array(digest));
  }

  async function login() {
    var verifier = randomString();
    var state = randomString();
    sessionStorage.setItem('account.pkce', JSON.stringify({ verifier: verifier, state: state }));
    var query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      state: state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
    });
    location.assign(realmUrl + '/protocol/openid-connect/auth?' + query);
  }

  async function finishLogin(params) {
    var saved = JSON.parse(sessionStorage.getItem('account.pkce') || 'null');
    sessionStorage.removeItem('account.pkce');
    // The code must not stay in the address bar or the history.
    history.replaceState(null, '', location.pathname);
    if (!saved || params.get('state') !== saved.state) throw new Error('登录状态不匹配 (state mismatch)，请重新登录');
    // Through identity: Keycloak answers CORS only for the exact origins of the client's redirect URIs,
    // and the loopback redirect URIs hold no port.
    var response = await fetch('/account/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: params.get('code'), codeVerifier: saved.verifier, redirectUri: redirectUri }),
    });
    if (!response.ok) throw new Error('换取令牌失败 (' + response.status + ')');
    var tokens = await response.json();
    idToken = tokens.id_token;
    return tokens.access_token;
  }

  function render(me) {
    document.getElementById('person-name').textContent = me.name;
    document.getElementById('person-staff-no').textContent = me.staffNo || '—';
    document.getElementById('person-school').textContent = me.school ? me.school.name + '（' + me.school.code + '）' : '—';
    document.getElementById('person-unit').textContent = me.unit && me.unit.kind === 'department' ? me.unit.name : '—';
    var list = document.getElementById('person-roles');
    list.replaceChildren();
    me.roles.forEach(function (role) {
      var item = document.createElement('li');
      item.textContent = role.label + (role.schoolName ? '（' + role.schoolName + '）' : role.scope === 'district' ? '（全区）' : '');
      list.appendChild(item);
    });
    if (me.roles.length === 0) list.textContent = '无';
    document.getElementById('profile').hidden = false;
    show('已登录', false);
  }

  document.getElementById('logout').addEventListener('click', function () {
    var query = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: redirectUri });
    if (idToken) query.set('id_token_hint', idToken);
    location.assign(realmUrl + '/protocol/openid-connect/logout?' + query);
  });

  (async function main() {
    var params = new URLSearchParams(location.search);
    try {
      if (params.has('error')) throw new Error('登录失败: ' + (params.get('error_description') || params.get('error')));
      if (!params.has('code')) return login();
      var accessToken = await finishLogin(params);
      var response = await fetch('/account/me', { headers: { authorization: 'Bearer ' + accessToken } });
      if (!response.ok) {
        var problem = await response.json().catch(function () { return {}; });
        throw new Error(problem.detail || '读取账号失败 (' + response.status + ')');
      }
      render(await response.json());
    } catch (error) {
      show(error.message, true);
    }
  })();
})();
`;
