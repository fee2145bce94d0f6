/** 2026-12-05 18:20:03 in the district's time zone, whatever the browser's. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false });
}
