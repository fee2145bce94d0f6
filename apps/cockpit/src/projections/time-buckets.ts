export const grains = ['minute', 'hour', 'day'] as const;
export type Grain = (typeof grains)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Days are Shanghai calendar days (UTC+8, no daylight saving): a 日 ends at local midnight. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export const grainMilliseconds: Readonly<Record<Grain, number>> = {
  minute: MINUTE_MS,
  hour: HOUR_MS,
  day: DAY_MS,
};

/** Midnight of the first day of the Shanghai calendar month holding `at`, as an instant. */
export function shanghaiMonthStart(at: Date): Date {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS);
}

/** Start of the bucket holding `at`, as an instant (stored in UTC). */
export function bucketStart(at: Date, grain: Grain): Date {
  const time = at.getTime();
  if (grain === 'day') {
    const local = time + SHANGHAI_OFFSET_MS;
    return new Date(local - mod(local, DAY_MS) - SHANGHAI_OFFSET_MS);
  }
  const size = grainMilliseconds[grain];
  return new Date(time - mod(time, size));
}

/** Bucket starts from the bucket of `from` up to and including the bucket of `to`. */
export function bucketStarts(from: Date, to: Date, grain: Grain): Date[] {
  const starts: Date[] = [];
  const last = bucketStart(to, grain).getTime();
  for (let at = bucketStart(from, grain).getTime(); at <= last; at += grainMilliseconds[grain]) {
    starts.push(new Date(at));
  }
  return starts;
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
