import { createRoot } from 'react-dom/client';
import { ApiError, AuthSession, fetchWebConfig, SignInError, type WebConfig } from '@edubase/web-auth';
import { Shell } from './shell';

const APP_NAME = '工作台';
const root = createRoot(document.getElementById('root')!);

/** Before Ant Design loads: plain text, so the sign-in redirect costs no bundle. */
function Message(props: { text: string; error?: boolean }) {
  return (
    <div
      role={props.error ? 'alert' : 'status'}
      data-testid={props.error ? 'error' : 'status'}
      style={{ padding: 48, fontSize: 16, color: props.error ? '#b91c1c' : '#1f2937' }}
    >
      {props.text}
    </div>
  );
}

async function start(): Promise<void> {
  root.render(<Message text="正在连接工作台…" />);
  try {
    const config = await fetchWebConfig<WebConfig>(APP_NAME);
    const auth = await AuthSession.establish(config, { appName: APP_NAME });
    if (!auth) {
      root.render(<Message text="正在跳转到统一身份认证登录…" />);
      return;
    }
    root.render(<Shell auth={auth} />);
  } catch (error) {
    const text =
      error instanceof ApiError || error instanceof SignInError
        ? error.message
        : `工作台加载失败：${error instanceof Error ? error.message : String(error)}`;
    root.render(<Message error text={text} />);
  }
}

void start();
