import { Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';

/** Nothing to show yet, with what to do about it. */
export function EmptyState(props: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty description={props.description} data-testid="empty-state">
      {props.action}
    </Empty>
  );
}

/** A failure a person can read, with a retry where one may help. */
export function ErrorState(props: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <div role="alert" data-testid="error-state">
      <Result
        status="error"
        title={props.title ?? '加载失败'}
        subTitle={props.message}
        extra={props.onRetry ? <Button onClick={props.onRetry}>重试</Button> : undefined}
      />
    </div>
  );
}

/** A feature whose API this deployment does not offer yet (404 from the service). */
export function UnavailableState(props: { feature: string; detail?: string }) {
  return (
    <div data-testid="unavailable-state">
      <Result
        status="info"
        title={`${props.feature}暂不可用`}
        subTitle={props.detail ?? '该功能的服务接口尚未上线。'}
      />
    </div>
  );
}

export function LoadingState(props: { text?: string }) {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 12 }}>{props.text ?? '正在加载…'}</div>
    </div>
  );
}
