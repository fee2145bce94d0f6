// Keycloak sign-in of EduBase's web apps (the cockpit's dashboard, the staff console): OpenID Connect
// authorization code flow with PKCE (public client `edubase-web`). Tokens are kept in memory only; a reload
// goes back through Keycloak, whose SSO cookie makes that silent.

/** Where a web app signs in; served by its own server at `/api/web-config`. */
export interface WebConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

/** What differs between the apps: their name in messages and where their server relays token requests. */
export interface AuthSessionOptions {
  /** The app's name in messages, e.g. 数字驾驶舱, 工作台. */
  appName: string;
  /** Same-origin path of the app server's token relay to Keycloak. Default /api/auth/token. */
  tokenPath?: string;
}

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
}

const PENDING_KEY = 'edubase.oidc.pending';

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

  private constructor(
    private readonly config: WebConfig,
    private readonly options: AuthSessionOptions,
  ) {}

  private endpoint(name: 'auth' | 'logout'): string {
    return `${this.config.keycloakUrl}/realms/${this.config.realm}/protocol/openid-connect/${name}`;
  }

  /** Finishes a sign-in that just came back from Keycloak, or starts one (then the page navigates away). */
  static async establish(config: WebConfig, options: AuthSessionOptions): Promise<AuthSession | null> {
    const session = new AuthSession(config, options);
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

  async signIn(extra?: URLSearchParams): Promise<void> {
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
    if (extra?.has('kc_action')) query.set('kc_action', extra.get('kc_action')!);
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

  /** The signed-in person's access token claims, read (not verified: the APIs verify) for display. */
  claims(): Record<string, unknown> {
    const payload = this.accessToken.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  }

  /** Keycloak's own account console, where a password is changed (the realm's rules apply there). */
  accountUrl(path = ''): string {
    return `${this.config.keycloakUrl}/realms/${this.config.realm}/account/${path}`;
  }

  /** Keycloak's password change (required action UPDATE_PASSWORD), returning to this app afterwards. */
  changePassword(): void {
    // A new sign-in round trip: the code that comes back is redeemed like any other.
    void this.signIn(new URLSearchParams({ kc_action: 'UPDATE_PASSWORD' }));
  }

  /**
   * Token requests go through the app's own server (same origin): Keycloak's CORS settings for this
   * client do not cover every loopback port the apps may be served on.
   */
  private async tokenRequest(body: Record<string, string>): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.options.tokenPath ?? '/api/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      throw new SignInError(`无法连接${this.options.appName}服务，登录未完成。`);
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
