import { Tag } from 'antd';
import type { ReactNode } from 'react';

/**
 * A status as a tag whose text passes WCAG 4.5:1 on its background: Ant Design's preset and status tag
 * colours (green, success…) do not.
 */
const tones = {
  success: { color: '#166534', background: '#dcfce7', borderColor: '#86efac' },
  error: { color: '#991b1b', background: '#fee2e2', borderColor: '#fca5a5' },
  warning: { color: '#92400e', background: '#fef3c7', borderColor: '#fcd34d' },
  neutral: { color: '#1f2937', background: '#f3f4f6', borderColor: '#d1d5db' },
} as const;

export type StatusTone = keyof typeof tones;

export function StatusTag(props: { tone: StatusTone; children: ReactNode }) {
  return <Tag style={tones[props.tone]}>{props.children}</Tag>;
}
