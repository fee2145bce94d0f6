import { createRoot } from 'react-dom/client';
import { ApiError, fetchJson, fetchWebConfig, Me } from './api';
import { roleLabels } from '@edubase/labels';
import { App } from './app';
import { AuthSession, SignInError } from '@edubase/web-auth';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

function Message(props: { text: string; error?: boolean }) {
  return (
    <div
      className={`state ${props.error ? 'error' : ''}`}
      role={props.error ? 'alert' : undefined}
      data-testid={props.error ? 'error' : 'status'}
    >
      {props.text}
    </div>
  );
}

async function start(): Promise<void> {
  root.render(<Message text="正在连接数字驾驶舱…" />);
  try {
    const config = await fetchWebConfig();
    const auth = await AuthSession.establish(config, { appName: '数字驾驶舱' });
    if (!auth) {
      root.render(<Message text="正在跳转到统一身份认证登录…" />);
      return;
    }
    let me: Me;
    try {
      me = await fetchJson<Me>(auth, '/api/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        root.render(
          <Message
            error
            text={`您的账号没有访问数字驾驶舱的权限：需要${roleLabels.leader}、${roleLabels['district-admin']}或${roleLabels['school-admin']}角色。请联系${roleLabels['district-admin']}开通。`}
          />,
        );
        return;
      }
      throw error;
    }
    root.render(<App auth={auth} me={me} />);
  } catch (error) {
    const text =
      error instanceof ApiError || error instanceof SignInError
        ? error.message
        : `数字驾驶舱加载失败：${error instanceof Error ? error.message : String(error)}`;
    root.render(<Message error text={text} />);
  }
}

void start();
