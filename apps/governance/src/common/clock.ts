import { Global, Injectable, Module } from '@nestjs/common';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The service's one source of "now". Due dates (等保测评, sharing periods) are calendar dates in China;
 * tests move time by replacing `now` on the instance the application holds.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in China (UTC+8, no daylight saving), `YYYY-MM-DD`. */
  today(): string {
    return chinaDate(this.now());
  }
}

export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both `YYYY-MM-DD` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus whole months, clamped to the month's last day (2027-08-31 + 6 months = 2028-02-29). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const firstOfTarget = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0),
  ).getUTCDate();
  firstOfTarget.setUTCDate(Math.min(day, lastDay));
  return firstOfTarget.toISOString().slice(0, 10);
}

/** The clock every feature injects: one instance, so a test that moves it moves it everywhere. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
