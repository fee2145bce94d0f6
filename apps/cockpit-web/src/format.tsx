// zh-CN formatting and the Chinese names of the domain's codes.

const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 });
const TIME_ZONE = 'Asia/Shanghai';

export const formatNumber = (value: number): string => integer.format(value);
export const formatShare = (value: number | null): string => (value === null ? '—' : percent.format(value));

export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: TIME_ZONE, hour12: false });
export const formatHour = (iso: string): string =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
export const formatDay = (iso: string): string =>
  new Date(iso).toLocaleDateString('zh-CN', { timeZone: TIME_ZONE, month: 'numeric', day: 'numeric' });

export const roleNames: Record<string, string> = {
  teacher: '教师',
  'school-admin': '学校管理员',
  'network-admin': '网管员',
  'security-officer': '网络安全管理员',
  researcher: '研训员',
  leader: '领导',
  'district-admin': '区管理员',
  'contractor-ops': '承建单位运维',
};

export const rejectReasonNames: Record<string, string> = {
  'unknown-user': '账号不存在',
  'bad-password': '密码错误',
  'person-inactive': '人员已停用',
  'no-network-role': '无上网权限',
  'unknown-terminal': '未登记终端',
  'terminal-disabled': '终端已停用',
  'sso-unavailable': '统一认证不可用',
  'rate-limited': '尝试过于频繁',
};

export const stageNames: Record<string, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  'nine-year': '九年一贯制',
  'complete-secondary': '完全中学',
  vocational: '职业学校',
  special: '特殊教育',
};
