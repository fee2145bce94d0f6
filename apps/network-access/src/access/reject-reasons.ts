import type { z } from 'zod';
import type { authMethodSchema, rejectReasonSchema } from '@edubase/contracts';

export type RejectReason = z.infer<typeof rejectReasonSchema>;
export type AuthMethod = z.infer<typeof authMethodSchema>;

/** Reply-Message text shown to the user by the NAS or portal on Access-Reject. */
export const rejectMessages: Record<RejectReason, string> = {
  'unknown-user': '账号不存在或未开通上网权限',
  'bad-password': '用户名或密码错误',
  'person-inactive': '账号已停用（停职或离职），请联系学校管理员',
  'no-network-role': '当前角色没有上网权限，请联系学校管理员',
  'unknown-terminal': '终端未登记，请联系学校网管员登记',
  'terminal-disabled': '终端已停用，请联系学校网管员',
  'sso-unavailable': '统一身份认证暂时不可用，请稍后重试',
  'rate-limited': '尝试过于频繁，请稍后再试',
};
