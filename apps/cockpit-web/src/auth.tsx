// Keycloak sign-in: OpenID Connect authorization code flow with PKCE (public client `edubase-web`).
// Tokens are kept in memory only; a reload goes back through Keycloak, whose SSO cookie makes that silent.

export interface WebConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
}

const PENDING_KEY = 'cockpit.oidc.pending';

export class SignInError extends Error {}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

const redirectUri = (): string => `${window.location.origin}/`;

export class AuthSession {
  private accessToken = '';
  private refreshToken: string | undefined;
  private idToken: string | undefined;
  private expiresAt = 0;
  private refreshing: Promise<void> | null = null;

  private constructor(private readonly config: WebConfig) {}

  private endpoint(name: 'auth' | 'logout'): string {
    return `${this.config.keycloakUrl}/realms/${this.config.realm}/protocol/openid-connect/${name}`;
  }

  /** Finishes a sign-in that just came back from Keycloak, or starts one (then the page navigates away). */
  static async establish(config: WebConfig): Promise<AuthSession | null> {
    const session = new AuthSession(config);
    const params = new URLSearchParams(window.location.search);
    const pendingRaw = sessionStorage.getItem(PENDING_KEY);
    if (params.has('error')) {
      sessionStorage.removeItem(PENDING_KEY);
      throw new SignInError(
        `统一身份认证返回错误：${params.get('error_description') ?? params.get('error')}`,
      );
    }
    if (params.has('code') && pendingRaw) {
      sessionStorage.removeItem(PENDING_KEY);
      const pending = JSON.parse(pendingRaw) as { verifier: string; state: string; returnTo: string };
      if (params.get('state') !== pending.state)
        throw new SignInError('登录状态校验失败（state 不匹配），请重新登录。');
      await session.tokenRequest({
        grantType: 'authorization_code',
        code: params.get('code') ?? '',
        redirectUri: redirectUri(),
        codeVerifier: pending.verifier,
      });
      window.history.replaceState(null, '', pending.returnTo || '/');
      return session;
    }
    await session.signIn();
    return null;
  }

  async signIn(): Promise<void> {
    const verifier = randomString(48);
    const state = randomString(16);
    const returnTo = `${window.location.pathname}${window.location.search}`.replace(
      /[?&](code|state|session_state|iss)=[^&]*/g,
      '',
    );
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
    const query = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: redirectUri(),
      response_type: 'code',
      scope: 'openid',
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
      ui_locales: 'zh-CN',
    });
    window.location.assign(`${this.endpoint('auth')}?${query.toString()}`);
  }

  signOut(): void {
    const query = new URLSearchParams({
      client_id: this.config.clientId,
      post_logout_redirect_uri: redirectUri(),
    });
    if (this.idToken) query.set('id_token_hint', this.idToken);
    window.location.assign(`${this.endpoint('logout')}?${query.toString()}`);
  }

  /** A token valid for at least 30 more seconds, refreshed when needed. */
  async token(): Promise<string> {
    if (Date.now() < this.expiresAt - 30_000) return this.accessToken;
    await this.refresh();
    return this.accessToken;
  }

  async refresh(): Promise<void> {
    if (!this.refreshToken) {
      await this.signIn();
      throw new SignInError('登录已过期，正在重新登录…');
    }
    this.refreshing ??= this.tokenRequest({ grantType: 'refresh_token', refreshToken: this.refreshToken })
      .catch(async () => {
        await this.signIn();
        throw new SignInError('登录已过期，正在重新登录…');
      })
      .finally(() => {
        this.refreshing = null;
      });
    await this.refreshing;
  }

  /**
   * Token requests go through the cockpit (/api/auth/token, same origin): Keycloak's CORS settings for
   * this client do not cover every loopback port the dashboard may be served on.
   */
  private async tokenRequest(body: Record<string, string>): Promise<void> {
    let response: Response;
    try {
      response = await fetch('/api/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      throw new SignInError('无法连接数字驾驶舱服务，登录未完成。');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error_description?: string };
      throw new SignInError(
        `登录失败（HTTP ${response.status}）：${body.error_description ?? '令牌交换被拒绝'}`,
      );
    }
    const tokens = (await response.json()) as TokenResponse;
    this.accessToken = tokens.access_token;
    this.refreshToken = tokens.refresh_token ?? this.refreshToken;
    this.idToken = tokens.id_token ?? this.idToken;
    this.expiresAt = Date.now() + tokens.expires_in * 1000;
  }
}
