// JSON over fetch with the signed-in person's bearer token, and the APIs' problem+json (RFC 9457) turned
// into errors a page can show: the message, and which field each validation error names.
import type { AuthSession } from './auth-session';

/** One refused input field as the services report it (`errors` of a problem+json). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** An API failure with a message fit for the page, and the fields the server named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: readonly FieldProblem[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** The service's name in messages (e.g. 统一身份认证). */
  serviceName: string;
  /** Same-origin path prefix of the service (e.g. /api/identity). */
  basePath: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined | null>;
  /** JSON body, or a Blob/File sent as it is (its own content type). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

async function errorOf(response: Response, serviceName: string): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as {
    detail?: string;
    errors?: FieldProblem[];
  };
  const detail = body.detail ? `：${body.detail}` : '';
  const fields = Array.isArray(body.errors) ? body.errors : [];
  if (response.status === 401) return new ApiError(401, '登录已失效，请重新登录。', fields, body);
  if (response.status === 403) return new ApiError(403, `无权操作${detail}`, fields, body);
  if (response.status === 404) return new ApiError(404, `未找到${detail}`, fields, body);
  return new ApiError(
    response.status,
    `${serviceName}返回错误（HTTP ${response.status}）${detail}`,
    fields,
    body,
  );
}

/** A service's API as a page calls it. */
export class ApiClient {
  constructor(
    private readonly auth: AuthSession,
    private readonly options: ApiClientOptions,
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    const search = params.toString();
    return `${this.options.basePath}${path}${search ? `?${search}` : ''}`;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const send = async (): Promise<Response> => {
      const headers: Record<string, string> = { authorization: `Bearer ${await this.auth.token()}` };
      let body: BodyInit | undefined;
      if (options.body instanceof Blob) {
        body = options.body;
        headers['content-type'] = options.contentType ?? (options.body.type || 'application/octet-stream');
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body,
        signal: options.signal,
      });
    };
    let response: Response;
    try {
      response = await send();
      if (response.status === 401) {
        await this.auth.refresh();
        response = await send();
      }
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      if (error instanceof ApiError) throw error;
      throw new ApiError(0, `网络中断：无法连接${this.options.serviceName}。`);
    }
    if (!response.ok) throw await errorOf(response, this.options.serviceName);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  /** Downloads a file the API serves (a template, an export) under `filename`. */
  async download(path: string, filename: string): Promise<void> {
    const response = await fetch(this.url(path), {
      headers: { authorization: `Bearer ${await this.auth.token()}` },
    });
    if (!response.ok) throw await errorOf(response, this.options.serviceName);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  get<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, { query, signal });
  }
}

/** The app server's `/api/web-config` (public: the browser needs it before it has a token). */
export async function fetchWebConfig<T>(appName: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/api/web-config');
  } catch {
    throw new ApiError(0, `无法连接${appName}服务，请确认服务已启动（npm start）。`);
  }
  if (!response.ok) throw new ApiError(response.status, `${appName}服务异常（HTTP ${response.status}）。`);
  return (await response.json()) as T;
}
