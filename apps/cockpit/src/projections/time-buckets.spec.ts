import { bucketStart, bucketStarts, shanghaiMonthStart } from './time-buckets';

describe('time buckets', () => {
  it('cuts minutes and hours on UTC boundaries', () => {
    const at = new Date('2026-03-05T07:41:29.512Z');
    expect(bucketStart(at, 'minute').toISOString()).toBe('2026-03-05T07:41:00.000Z');
    expect(bucketStart(at, 'hour').toISOString()).toBe('2026-03-05T07:00:00.000Z');
  });

  it('cuts days at Shanghai midnight (16:00 UTC the day before)', () => {
    expect(bucketStart(new Date('2026-03-05T15:59:59.999Z'), 'day').toISOString()).toBe(
      '2026-03-04T16:00:00.000Z',
    );
    expect(bucketStart(new Date('2026-03-05T16:00:00.000Z'), 'day').toISOString()).toBe(
      '2026-03-05T16:00:00.000Z',
    );
  });

  it('starts a month at Shanghai midnight of its first day', () => {
    expect(shanghaiMonthStart(new Date('2026-02-28T16:00:00.000Z')).toISOString()).toBe(
      '2026-02-28T16:00:00.000Z',
    );
    expect(shanghaiMonthStart(new Date('2026-02-28T15:59:59.999Z')).toISOString()).toBe(
      '2026-01-31T16:00:00.000Z',
    );
  });

  it('lists every bucket of a range, both ends included', () => {
    const starts = bucketStarts(new Date('2026-03-05T07:10:00Z'), new Date('2026-03-05T09:05:00Z'), 'hour');
    expect(starts.map((start) => start.toISOString())).toEqual([
      '2026-03-05T07:00:00.000Z',
      '2026-03-05T08:00:00.000Z',
      '2026-03-05T09:00:00.000Z',
    ]);
  });
});
