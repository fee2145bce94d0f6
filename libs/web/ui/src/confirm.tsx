import { App } from 'antd';
import type { ReactNode } from 'react';

export interface ConfirmOptions {
  title: string;
  content?: ReactNode;
  okText?: string;
  /** Irreversible or disruptive actions (离岗, 强制下线, 删除) show a red button. */
  danger?: boolean;
}

/** A confirm dialog as a promise: `if (await confirm({...})) …`. Needs antd's <App> above. */
export function useConfirm(): (options: ConfirmOptions) => Promise<boolean> {
  const { modal } = App.useApp();
  return (options) =>
    new Promise((resolve) => {
      modal.confirm({
        title: options.title,
        content: options.content,
        okText: options.okText ?? '确定',
        cancelText: '取消',
        okButtonProps: { danger: options.danger ?? false },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
}
