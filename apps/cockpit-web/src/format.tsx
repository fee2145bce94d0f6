// zh-CN number and date formatting; the Chinese names of the domain's codes come from @edubase/labels.

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
