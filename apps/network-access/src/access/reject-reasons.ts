import type { z } from 'zod';
import type { authMethodSchema, RejectReason } from '@edubase/contracts';
import { roleLabels } from '@edubase/labels';

export type { RejectReason };
export type AuthMethod = z.infer<typeof authMethodSchema>;

const schoolAdmin = roleLabels['school-admin'];
/** Whom a user asks about a terminal or an access device: the school's 网管员. */
export const schoolNetworkAdmin = `学校${roleLabels['network-admin']}`;

/** Reply-Message text shown to the user by the NAS or portal on Access-Reject. */
export const rejectMessages: Record<RejectReason, string> = {
  'unknown-user': '账号不存在或未开通上网权限',
  'bad-password': '用户名或密码错误',
  'person-inactive': `账号已停用（停职或离职），请联系${schoolAdmin}`,
  'no-network-role': `当前角色没有上网权限，请联系${schoolAdmin}`,
  'unknown-terminal': `终端未登记，请联系${schoolNetworkAdmin}登记`,
  'terminal-disabled': `终端已停用，请联系${schoolNetworkAdmin}`,
  'sso-unavailable': '统一身份认证暂时不可用，请稍后重试',
  'rate-limited': '尝试过于频繁，请稍后再试',
};
