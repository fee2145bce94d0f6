import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readIndicators } from './indicator-definition';
import { indicatorDefinitions } from './indicator-definitions';
import { sessionMetrics } from '../projections/netaccess/sessions.projector';
import { DISTRICT_SCOPE } from '../projections/projection-batch';
import { bucketStart, bucketStarts, Grain, grainMilliseconds } from '../projections/time-buckets';
import type { CountByKey, Overview, SchoolIndicators, Series, TimePoint } from '@edubase/cockpit-api';

export const seriesMetrics = [
  'session.started',
  'session.stopped',
  'auth.rejected',
  'online.sessions',
] as const;
export type SeriesMetric = (typeof seriesMetrics)[number];

export interface SeriesRequest {
  metric: SeriesMetric;
  grain: Grain;
  from: Date;
  to: Date;
  scope: string;
  /** Only this reject reason (auth.rejected). */
  dimension?: string;
}

interface BucketRow {
  metric: string;
  at: Date;
  dimension: string;
  value: string;
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Reads the indicators of one scope from the projections. State indicators (people, roles, online now,
 * devices) are counted from the state rows; event indicators come from the time buckets.
 */
@Injectable()
export class IndicatorsService {
  constructor(private readonly dataSource: DataSource) {}

  async overview(scope: string, now = new Date()): Promise<Overview> {
    const school = scope === DISTRICT_SCOPE ? null : scope;
    const today = bucketStart(now, 'day');
    const [
      people,
      staffByRole,
      online,
      todayRows,
      devices,
      hourly,
      daily,
      onlineTrend,
      schoolName,
      indicators,
    ] = await Promise.all([
      this.activePeople(school),
      this.staffByRole(school, now),
      this.onlineNow(school),
      this.buckets(scope, [sessionMetrics.started, sessionMetrics.rejected], 'day', today, today),
      this.devices(school),
      this.hourlyAuthentications(scope, now),
      this.series({
        metric: 'session.started',
        grain: 'day',
        scope,
        from: new Date(now.getTime() - 29 * grainMilliseconds.day),
        to: now,
      }),
      this.series({
        metric: 'online.sessions',
        grain: 'minute',
        scope,
        from: new Date(now.getTime() - 59 * grainMilliseconds.minute),
        to: now,
      }),
      school ? this.schoolName(school) : Promise.resolve(null),
      readIndicators(indicatorDefinitions, this.dataSource, { scope, school, now }),
    ]);
    const accepted = sum(todayRows.filter((row) => row.metric === sessionMetrics.started));
    const rejections = todayRows.filter((row) => row.metric === sessionMetrics.rejected);
    const overview: Overview = {
      scope,
      schoolName,
      generatedAt: now.toISOString(),
      people,
      staffByRole,
      online,
      today: {
        accepted,
        rejected: sum(rejections),
        authentications: accepted + sum(rejections),
        sessions: accepted,
        topRejectReasons: topByDimension(rejections, 5),
      },
      devices,
      hourlyAuthentications: hourly,
      dailySessions: daily.points,
      onlineTrend: onlineTrend.points,
      indicators,
    };
    if (!school) overview.schools = await this.schools(now);
    return overview;
  }

  /** A metric of one scope as zero-filled buckets between `from` and `to` (both included). */
  async series(request: SeriesRequest): Promise<Series> {
    const starts = bucketStarts(request.from, request.to, request.grain);
    const points =
      request.metric === 'online.sessions'
        ? await this.onlineSeries(request.scope, request.grain, starts)
        : await this.counterSeries(request, starts);
    return {
      metric: request.metric,
      grain: request.grain,
      scope: request.scope,
      from: request.from.toISOString(),
      to: request.to.toISOString(),
      points,
    };
  }

  /** One row per school known from any projection, named from identity's organisations. */
  async schools(now = new Date()): Promise<SchoolIndicators[]> {
    const today = bucketStart(now, 'day');
    const [orgs, online, counters, staff, terminals, nas] = await Promise.all([
      this.query<{ code: string; name: string; stage: string | null }>(
        "SELECT school_code AS code, name, stage FROM org_state WHERE kind = 'school' AND school_code IS NOT NULL",
      ),
      this.query<{ code: string; n: string }>(
        'SELECT school_code AS code, COUNT(*) AS n FROM session_state WHERE stopped_at IS NULL AND started_at IS NOT NULL AND school_code IS NOT NULL GROUP BY school_code',
      ),
      this.query<{ code: string; metric: string; n: string }>(
        "SELECT scope AS code, metric, SUM(value) AS n FROM indicator_bucket WHERE grain = 'day' AND bucket_start = ? AND scope <> ? AND metric IN (?) GROUP BY scope, metric",
        [today, DISTRICT_SCOPE, [sessionMetrics.started, sessionMetrics.rejected]],
      ),
      this.query<{ code: string; n: string }>(
        "SELECT school_code AS code, COUNT(*) AS n FROM person_state WHERE status = 'active' AND kind = 'staff' AND school_code IS NOT NULL GROUP BY school_code",
      ),
      this.query<{ code: string; n: string; domestic: string }>(
        'SELECT school_code AS code, COUNT(*) AS n, SUM(is_domestic) AS domestic FROM terminal_state WHERE school_code IS NOT NULL GROUP BY school_code',
      ),
      this.query<{ code: string; n: string }>(
        'SELECT school_code AS code, COUNT(*) AS n FROM nas_state WHERE school_code IS NOT NULL GROUP BY school_code',
      ),
    ]);
    const rows = new Map<string, SchoolIndicators>();
    const row = (code: string): SchoolIndicators => {
      let existing = rows.get(code);
      if (!existing) {
        existing = {
          schoolCode: code,
          name: null,
          stage: null,
          onlineSessions: 0,
          sessionsToday: 0,
          rejectedToday: 0,
          activeStaff: 0,
          terminals: 0,
          domesticShare: null,
          nas: 0,
        };
        rows.set(code, existing);
      }
      return existing;
    };
    for (const org of orgs) Object.assign(row(org.code), { name: org.name, stage: org.stage });
    for (const { code, n } of online) row(code).onlineSessions = num(n);
    for (const { code, metric, n } of counters) {
      if (metric === sessionMetrics.started) row(code).sessionsToday = num(n);
      else row(code).rejectedToday = num(n);
    }
    for (const { code, n } of staff) row(code).activeStaff = num(n);
    for (const { code, n, domestic } of terminals) {
      Object.assign(row(code), { terminals: num(n), domesticShare: share(num(domestic), num(n)) });
    }
    for (const { code, n } of nas) row(code).nas = num(n);
    return [...rows.values()].sort((a, b) => a.schoolCode.localeCompare(b.schoolCode));
  }

  private async activePeople(school: string | null): Promise<Overview['people']> {
    const rows = await this.query<{ kind: string | null; n: string }>(
      `SELECT kind, COUNT(*) AS n FROM person_state WHERE status = 'active'${school ? ' AND school_code = ?' : ''} GROUP BY kind`,
      school ? [school] : [],
    );
    const of = (kind: string): number => num(rows.find((row) => row.kind === kind)?.n);
    return { activeStaff: of('staff'), activeStudents: of('student') };
  }

  /** Current grants of people not known to be inactive (a grant may arrive before its person). */
  private async staffByRole(school: string | null, now: Date): Promise<CountByKey[]> {
    const rows = await this.query<{ role: string; n: string }>(
      `SELECT r.role, COUNT(DISTINCT r.person_id) AS n FROM role_state r
       LEFT JOIN person_state p ON p.person_id = r.person_id
       WHERE r.granted = 1 AND (r.ends_at IS NULL OR r.ends_at >= ?) AND COALESCE(p.status, 'active') = 'active'
       ${school ? 'AND r.school_code = ?' : ''}
       GROUP BY r.role ORDER BY n DESC, r.role`,
      school ? [shanghaiDate(now), school] : [shanghaiDate(now)],
    );
    return rows.map((row) => ({ key: row.role, count: num(row.n) }));
  }

  private async onlineNow(school: string | null): Promise<Overview['online']> {
    const [row] = await this.query<{ sessions: string; users: string }>(
      `SELECT COUNT(*) AS sessions, COUNT(DISTINCT username) AS users FROM session_state
       WHERE stopped_at IS NULL AND started_at IS NOT NULL${school ? ' AND school_code = ?' : ''}`,
      school ? [school] : [],
    );
    return { sessions: num(row?.sessions), users: num(row?.users) };
  }

  private async devices(school: string | null): Promise<Overview['devices']> {
    const where = school ? ' WHERE school_code = ?' : '';
    const parameters = school ? [school] : [];
    const [[terminals], [nas]] = await Promise.all([
      this.query<{ n: string; domestic: string | null }>(
        `SELECT COUNT(*) AS n, SUM(is_domestic) AS domestic FROM terminal_state${where}`,
        parameters,
      ),
      this.query<{ n: string }>(`SELECT COUNT(*) AS n FROM nas_state${where}`, parameters),
    ]);
    const total = num(terminals?.n);
    const domestic = num(terminals?.domestic);
    return {
      terminals: total,
      domesticTerminals: domestic,
      domesticShare: share(domestic, total),
      nas: num(nas?.n),
    };
  }

  private async hourlyAuthentications(scope: string, now: Date): Promise<Overview['hourlyAuthentications']> {
    const from = new Date(now.getTime() - 23 * grainMilliseconds.hour);
    const starts = bucketStarts(from, now, 'hour');
    const rows = await this.buckets(
      scope,
      [sessionMetrics.started, sessionMetrics.rejected],
      'hour',
      starts[0]!,
      now,
    );
    return starts.map((start) => {
      const inBucket = rows.filter((row) => row.at.getTime() === start.getTime());
      return {
        at: start.toISOString(),
        accepted: sum(inBucket.filter((row) => row.metric === sessionMetrics.started)),
        rejected: sum(inBucket.filter((row) => row.metric === sessionMetrics.rejected)),
      };
    });
  }

  private async counterSeries(request: SeriesRequest, starts: Date[]): Promise<TimePoint[]> {
    if (starts.length === 0) return [];
    const rows = await this.buckets(request.scope, [request.metric], request.grain, starts[0]!, request.to);
    const byStart = new Map<number, number>();
    for (const row of rows) {
      if (request.dimension !== undefined && row.dimension !== request.dimension) continue;
      byStart.set(row.at.getTime(), (byStart.get(row.at.getTime()) ?? 0) + num(row.value));
    }
    return starts.map((start) => ({ at: start.toISOString(), value: byStart.get(start.getTime()) ?? 0 }));
  }

  /**
   * Open sessions at the end of each bucket: the number open now minus the net starts of every later
   * bucket, so the gauge comes from the same counters and never needs a per-minute snapshot job.
   */
  private async onlineSeries(scope: string, grain: Grain, starts: Date[]): Promise<TimePoint[]> {
    if (starts.length === 0) return [];
    const [{ sessions }, rows] = await Promise.all([
      this.onlineNow(scope === DISTRICT_SCOPE ? null : scope),
      this.buckets(scope, [sessionMetrics.started, sessionMetrics.stopped], grain, starts[0]!, null),
    ]);
    const netByStart = new Map<number, number>();
    for (const row of rows) {
      const delta = row.metric === sessionMetrics.started ? num(row.value) : -num(row.value);
      netByStart.set(row.at.getTime(), (netByStart.get(row.at.getTime()) ?? 0) + delta);
    }
    const laterBuckets = [...netByStart.entries()].sort(([a], [b]) => b - a);
    let open = sessions;
    let index = 0;
    const points: TimePoint[] = [];
    for (const start of [...starts].reverse()) {
      // Undo every bucket after this one, newest first.
      while (index < laterBuckets.length && laterBuckets[index]![0] > start.getTime()) {
        open -= laterBuckets[index]![1];
        index += 1;
      }
      points.push({ at: start.toISOString(), value: Math.max(0, open) });
    }
    return points.reverse();
  }

  private buckets(
    scope: string,
    metrics: string[],
    grain: Grain,
    from: Date,
    to: Date | null,
  ): Promise<BucketRow[]> {
    return this.query<BucketRow>(
      `SELECT metric, bucket_start AS at, dimension, value FROM indicator_bucket
       WHERE scope = ? AND metric IN (?) AND grain = ? AND bucket_start >= ?${to ? ' AND bucket_start <= ?' : ''}`,
      to ? [scope, metrics, grain, from, to] : [scope, metrics, grain, from],
    );
  }

  private async schoolName(schoolCode: string): Promise<string | null> {
    const [row] = await this.query<{ name: string }>(
      "SELECT name FROM org_state WHERE kind = 'school' AND school_code = ? ORDER BY version DESC LIMIT 1",
      [schoolCode],
    );
    return row?.name ?? null;
  }

  private query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query<T[]>(sql, parameters);
  }
}

function sum(rows: BucketRow[]): number {
  return rows.reduce((total, row) => total + num(row.value), 0);
}

function topByDimension(rows: BucketRow[], limit: number): CountByKey[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.dimension, (totals.get(row.dimension) ?? 0) + num(row.value));
  return [...totals.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit);
}

function share(part: number, total: number): number | null {
  return total === 0 ? null : part / total;
}

/** The Shanghai calendar date of an instant, as YYYY-MM-DD (role end dates are calendar dates). */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * grainMilliseconds.hour).toISOString().slice(0, 10);
}
