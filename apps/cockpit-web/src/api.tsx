// The cockpit API as the dashboard uses it: JSON with a bearer token, and the live stream read with
// fetch() (EventSource cannot send an Authorization header).
import type { CockpitMe, Overview } from '@edubase/cockpit-api';
import { ApiError, fetchWebConfig as fetchConfig, type AuthSession, type WebConfig } from '@edubase/web-auth';

export type { Overview, SchoolIndicators } from '@edubase/cockpit-api';

export type Me = CockpitMe;

export { ApiError };

export const fetchWebConfig = (): Promise<WebConfig> => fetchConfig<WebConfig>('数字驾驶舱');

async function problemMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { detail?: string };
  if (response.status === 403) return `无权查看：${body.detail ?? '该范围的数据不对您的账号开放'}`;
  if (response.status === 401) return '登录已失效，请重新登录。';
  return `数字驾驶舱服务返回错误（HTTP ${response.status}）${body.detail ? `：${body.detail}` : ''}`;
}

export async function fetchJson<T>(auth: AuthSession, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${await auth.token()}` } });
  } catch {
    throw new ApiError(0, '网络中断：无法连接数字驾驶舱服务。');
  }
  if (response.status === 401) {
    await auth.refresh();
    response = await fetch(path, { headers: { authorization: `Bearer ${await auth.token()}` } });
  }
  if (!response.ok) throw new ApiError(response.status, await problemMessage(response));
  return (await response.json()) as T;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * Keeps a live stream of one scope open: each `overview` event replaces the page's numbers. The server
 * ends streams after a few minutes; the loop reconnects with a fresh token, so access is re-checked.
 */
export function watchOverview(
  auth: AuthSession,
  school: string | null,
  handlers: {
    onOverview: (overview: Overview) => void;
    onState: (state: LiveState) => void;
    onFatal: (error: ApiError) => void;
  },
): () => void {
  const abort = new AbortController();
  const path = school ? `/api/live?school=${encodeURIComponent(school)}` : '/api/live';
  void (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(path, {
          headers: { authorization: `Bearer ${await auth.token()}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (response.status === 401) {
          await auth.refresh();
          continue;
        }
        if (!response.ok || !response.body) {
          const error = new ApiError(response.status, await problemMessage(response));
          if (response.status === 403 || response.status === 400) return handlers.onFatal(error);
          throw error;
        }
        failures = 0;
        handlers.onState('live');
        await readEvents(response.body, handlers.onOverview);
      } catch (error) {
        if (abort.signal.aborted) return;
        failures += 1;
        if (failures > 3) handlers.onState('reconnecting');
        void error;
      }
      if (!abort.signal.aborted) {
        handlers.onState(failures > 0 ? 'reconnecting' : 'connecting');
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(10_000, 500 * 2 ** Math.min(failures, 5))),
        );
      }
    }
  })();
  return () => abort.abort();
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  onOverview: (overview: Overview) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (event === 'overview' && data.length > 0) onOverview(JSON.parse(data.join('\n')) as Overview);
    }
  }
}
