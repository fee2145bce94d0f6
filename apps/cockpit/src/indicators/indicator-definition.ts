import type { IndicatorValue } from '@edubase/cockpit-api';

/** Runs one read against the projections (the service's DataSource in production and in tests). */
export interface ProjectionReader {
  query<T>(sql: string, parameters?: unknown[]): Promise<T[]>;
}

/** Where and when an indicator is read: the district (`school` null) or one school, at `now`. */
export interface IndicatorScope {
  /** `district` or the school's 学校标识码, as stored in `indicator_bucket.scope`. */
  scope: string;
  school: string | null;
  now: Date;
}

/**
 * One indicator on the overview of the district and of each school, read from the projection tables.
 * The dashboard shows every definition as a card, so a new one needs no API or dashboard change.
 */
export interface IndicatorDefinition {
  /** Stable and unique: the API's `indicators[].key` and the card's `data-testid` (`kpi-<key>`). */
  key: string;
  /** zh-CN, as leaders read it. */
  label: string;
  /** zh-CN unit after the number (台, 人, 次); empty for a share. */
  unit: string;
  /** `count` shows the number; `share` a fraction 0…1 as a percentage. */
  format: IndicatorValue['format'];
  /** A value above this calls for attention (e.g. any overdue 等保测评): the card shows it in red. */
  alertAbove?: number;
  /** Null when there is nothing to measure (a share of zero terminals). */
  read(reader: ProjectionReader, at: IndicatorScope): Promise<number | null>;
}

export async function readIndicators(
  definitions: readonly IndicatorDefinition[],
  reader: ProjectionReader,
  at: IndicatorScope,
): Promise<IndicatorValue[]> {
  return Promise.all(
    definitions.map(async ({ key, label, unit, format, alertAbove, read }) => {
      const value = await read(reader, at);
      return {
        key,
        label,
        unit,
        format,
        value,
        ...(alertAbove === undefined ? {} : { alert: value !== null && value > alertAbove }),
      };
    }),
  );
}
