// Design tokens of EduBase's web apps: the console's Ant Design theme comes from these (the cockpit
// dashboard's own CSS is still its own).
import type { ThemeConfig } from 'antd';

export const designTokens = {
  /** 教育蓝: links, primary buttons, the selected menu entry. */
  colorPrimary: '#1d4ed8',
  /** Hovered and pressed stay dark enough for 4.5:1 (Ant Design derives lighter blues by default). */
  colorPrimaryHover: '#1e40af',
  colorPrimaryActive: '#1e3a8a',
  /** Link buttons and links: Ant Design derives them from its info blue (#1677ff, 4.0:1 on white), not the primary. */
  colorLink: '#1d4ed8',
  colorLinkHover: '#1e40af',
  colorLinkActive: '#1e3a8a',
  colorSuccess: '#15803d',
  colorWarning: '#b45309',
  colorError: '#b91c1c',
  /** Text on white meets WCAG AA (4.5:1) at every size. */
  colorText: '#1f2937',
  colorTextSecondary: '#4b5563',
  /** Ant Design's lighter greys (menu group titles, empty states, placeholders) fail 4.5:1; these pass. */
  colorTextTertiary: '#4b5563',
  colorTextDescription: '#4b5563',
  colorTextQuaternary: '#6b7280',
  colorBgLayout: '#f3f4f6',
  borderRadius: 6,
  fontFamily:
    "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
} as const;

export const antdTheme: ThemeConfig = {
  token: { ...designTokens },
  components: { Layout: { headerBg: '#0f2a5f', siderBg: '#ffffff' } },
};
