/**
 * Response shapes of the cockpit's indicator API (also what the live channel pushes), shared by the service
 * and the dashboard so the two cannot drift apart. Types only: the dashboard's bundle imports nothing at runtime.
 */

export interface CountByKey {
  key: string;
  count: number;
}

export interface HourlyAuthPoint {
  at: string;
  accepted: number;
  rejected: number;
}

export interface TimePoint {
  at: string;
  value: number;
}

export interface SchoolIndicators {
  schoolCode: string;
  name: string | null;
  stage: string | null;
  onlineSessions: number;
  sessionsToday: number;
  rejectedToday: number;
  activeStaff: number;
  terminals: number;
  domesticShare: number | null;
  nas: number;
}

export interface Overview {
  /** `district`, or the school's 学校标识码. */
  scope: string;
  schoolName: string | null;
  generatedAt: string;
  people: { activeStaff: number; activeStudents: number };
  staffByRole: CountByKey[];
  online: { sessions: number; users: number };
  today: {
    accepted: number;
    rejected: number;
    authentications: number;
    sessions: number;
    topRejectReasons: CountByKey[];
  };
  devices: { terminals: number; domesticTerminals: number; domesticShare: number | null; nas: number };
  /** The last 24 hours. */
  hourlyAuthentications: HourlyAuthPoint[];
  /** The last 30 Shanghai days. */
  dailySessions: TimePoint[];
  /** Open sessions at the end of each of the last 60 minutes. */
  onlineTrend: TimePoint[];
  /** The indicators defined in the cockpit's `indicator-definitions.ts`, in their order. */
  indicators: IndicatorValue[];
  /** District only: one row per school, for the drill-down. */
  schools?: SchoolIndicators[];
}

export interface Series {
  metric: string;
  grain: string;
  scope: string;
  from: string;
  to: string;
  points: TimePoint[];
}

/** One indicator of `Overview.indicators`, defined once in the cockpit's indicator definitions. */
export interface IndicatorValue {
  key: string;
  label: string;
  unit: string;
  format: 'count' | 'share';
  value: number | null;
  /** True when the value calls for attention (above the definition's `alertAbove`): shown in red. */
  alert?: boolean;
}

/** GET /api/me: who is signed in and which scopes the dashboard may show them. */
export interface CockpitMe {
  username: string;
  name: string | null;
  roles: string[];
  district: boolean;
  /** The school the dashboard shows a school-bound caller: the first their grants reach. */
  schoolCode: string | null;
  /** Every school the caller's grants reach (empty for district-wide callers). */
  schoolCodes: string[];
  homeScope: string | null;
}
