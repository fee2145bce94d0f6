/** Today's date in Shanghai (UTC+8, no DST) as YYYY-MM-DD: role end dates and status dates are local days. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
