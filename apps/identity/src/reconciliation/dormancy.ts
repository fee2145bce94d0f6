/** Latest of the known times, or null when none is known. */
export function latest(...times: (Date | null | undefined)[]): Date | null {
  const known = times.filter((time): time is Date => time instanceof Date);
  return known.length === 0 ? null : new Date(Math.max(...known.map((time) => time.getTime())));
}

/**
 * A person is dormant when neither a login nor their (re)activation falls within the window: someone
 * created yesterday who has not logged in yet is not dormant.
 */
export function isDormant(lastLoginAt: Date | null, activeSince: Date, threshold: Date): boolean {
  return latest(lastLoginAt, activeSince)!.getTime() < threshold.getTime();
}
