import { defineProjectionTable } from './projection-table';

/**
 * Event counts per scope (`district` or a school code), metric, grain (minute/hour/day, day in
 * Asia/Shanghai) and bucket start. Increments commute, so the order events are applied in never matters.
 * `dimension` is a breakdown within the metric (e.g. the reject reason); empty when there is none.
 */
export const indicatorBucketTable = defineProjectionTable({
  name: 'indicator_bucket',
  columns: {
    scope: { type: 'varchar', length: 10 },
    metric: { type: 'varchar', length: 48 },
    grain: { type: 'varchar', length: 6 },
    bucket_start: { type: 'datetime' },
    dimension: { type: 'varchar', length: 48 },
    value: { type: 'bigint' },
  },
  key: ['scope', 'metric', 'grain', 'bucket_start', 'dimension'],
  groups: {},
  increments: ['value'],
});
