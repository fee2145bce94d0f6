import { Injectable } from '@nestjs/common';
import { todayInShanghai } from './dates';

/**
 * The service's one source of "now" for jobs that depend on the calendar (minors' ages, dormancy), as in
 * governance: tests move time by replacing `now` on the instance the application holds.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in Shanghai (UTC+8, no daylight saving), `YYYY-MM-DD`. */
  today(): string {
    return todayInShanghai(this.now());
  }
}
