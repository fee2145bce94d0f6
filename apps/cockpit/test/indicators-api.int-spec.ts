import { passwordGrantToken, waitFor } from '@edubase/testing';
import { event, sessionStartedEvent } from './cockpit-test-kit';
import { LiveStream, RunningCockpit, startCockpit } from './cockpit-app';
import type { Overview } from '@edubase/cockpit-api';

const SCHOOL_1 = '3101200001';
const SCHOOL_2 = '3101200002';

describe('cockpit API: row-level security with real Keycloak tokens, and the live push', () => {
  let cockpit: RunningCockpit;
  const tokens: Record<string, string> = {};

  const get = async (
    path: string,
    user?: string,
  ): Promise<{ status: number; type: string; body: unknown }> => {
    const response = await fetch(`${cockpit.baseUrl}${path}`, {
      headers: user ? { authorization: `Bearer ${tokens[user]}` } : {},
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: await response.json(),
    };
  };

  const sessionStart = (sessionId: string, schoolCode: string) =>
    sessionStartedEvent({ sessionId, schoolCode, username: `user-${sessionId}`, at: new Date() });

  beforeAll(async () => {
    cockpit = await startCockpit('cockpit_api');
    for (const user of ['leader1', 'district.admin', 'admin.3101200001', 'admin.3101200002'])
      tokens[user] = await passwordGrantToken(user);
    await cockpit.producer.send([
      event(
        'identity.org.created.v1',
        {
          orgId: 'o1',
          kind: 'school',
          name: '奉贤区测试中学',
          parentId: null,
          schoolCode: SCHOOL_1,
          stage: 'junior',
        },
        { schoolCode: SCHOOL_1 },
      ),
      sessionStart('a-1', SCHOOL_1),
      sessionStart('b-1', SCHOOL_2),
    ]);
    await waitFor('the first events to be projected', 20_000, async () => {
      const overview = (await get('/api/indicators/overview', 'leader1')).body as Overview;
      return overview.online?.sessions === 2;
    });
  });

  afterAll(async () => {
    await cockpit?.close();
  });

  it('refuses calls without a token', async () => {
    const response = await get('/api/indicators/overview');
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/problem+json');
  });

  it('shows the district and every school to a leader and to the district admin', async () => {
    for (const user of ['leader1', 'district.admin']) {
      const district = await get('/api/indicators/overview', user);
      expect(district.status).toBe(200);
      expect((district.body as Overview).scope).toBe('district');
      expect((district.body as Overview).schools?.map((school) => school.schoolCode)).toEqual([
        SCHOOL_1,
        SCHOOL_2,
      ]);
      expect((await get(`/api/indicators/overview?school=${SCHOOL_2}`, user)).status).toBe(200);
      expect((await get('/api/indicators/schools', user)).status).toBe(200);
    }
    const me = (await get('/api/me', 'leader1')).body as { district: boolean; homeScope: string };
    expect(me).toMatchObject({ district: true, homeScope: 'district' });
  });

  it('keeps a school admin inside their own school: 403 for another school and for the district', async () => {
    const own = await get(`/api/indicators/overview?school=${SCHOOL_1}`, 'admin.3101200001');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      scope: SCHOOL_1,
      schoolName: '奉贤区测试中学',
      online: { sessions: 1 },
    });
    expect((own.body as Overview).schools).toBeUndefined();

    for (const path of [
      `/api/indicators/overview?school=${SCHOOL_2}`,
      '/api/indicators/overview',
      '/api/indicators/schools',
      `/api/indicators/series?metric=session.started&grain=hour&from=2026-01-01T00:00:00Z&to=2026-01-01T10:00:00Z&school=${SCHOOL_2}`,
      `/api/live?school=${SCHOOL_2}`,
    ]) {
      const response = await get(path, 'admin.3101200001');
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(response.type).toContain('application/problem+json');
    }
    const me = (await get('/api/me', 'admin.3101200002')).body;
    expect(me).toMatchObject({ district: false, schoolCode: SCHOOL_2, homeScope: SCHOOL_2 });
  });

  it('serves a metric by time range, school and grain, and names each bad field', async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 10 * 60_000).toISOString();
    const series = await get(
      `/api/indicators/series?metric=session.started&grain=minute&from=${from}&to=${now.toISOString()}&school=${SCHOOL_1}`,
      'admin.3101200001',
    );
    expect(series.status).toBe(200);
    const points = (series.body as { points: Array<{ value: number }> }).points;
    expect(points.length).toBeGreaterThanOrEqual(10);
    expect(points.reduce((sum, point) => sum + point.value, 0)).toBe(1);

    const bad = await get(
      '/api/indicators/series?metric=bogus&grain=week&from=yesterday&to=2026-01-01T00:00:00Z&school=123',
      'leader1',
    );
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    const fields = (bad.body as { errors: Array<{ field: string }> }).errors.map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['metric', 'grain', 'from', 'school']));

    const tooLong = await get(
      '/api/indicators/series?metric=session.started&grain=minute&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
      'leader1',
    );
    expect(tooLong.status).toBe(400);
    expect((tooLong.body as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('from');

    // Minute buckets are kept 7 days (MINUTE_BUCKET_RETENTION_DAYS): an older minute range is refused, not
    // answered with zeros; the same range by hour is fine.
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    const tooOld = await get(
      `/api/indicators/series?metric=session.started&grain=minute&from=${eightDaysAgo.toISOString()}&to=${new Date(eightDaysAgo.getTime() + 3600_000).toISOString()}`,
      'leader1',
    );
    expect(tooOld.status).toBe(400);
    expect((tooOld.body as { errors: Array<{ field: string; reason: string }> }).errors).toEqual([
      { field: 'from', reason: expect.stringContaining('minute buckets are kept 7 days') },
    ]);
    const byHour = await get(
      `/api/indicators/series?metric=session.started&grain=hour&from=${eightDaysAgo.toISOString()}&to=${new Date(eightDaysAgo.getTime() + 3600_000).toISOString()}`,
      'leader1',
    );
    expect(byHour.status).toBe(200);
  });

  it('pushes changed indicators within 2 s to the watchers of the changed scopes only', async () => {
    const district = new LiveStream<Overview>(`${cockpit.baseUrl}/api/live`, tokens['leader1']!);
    const school1 = new LiveStream<Overview>(
      `${cockpit.baseUrl}/api/live?school=${SCHOOL_1}`,
      tokens['admin.3101200001']!,
    );
    const school2 = new LiveStream<Overview>(
      `${cockpit.baseUrl}/api/live?school=${SCHOOL_2}`,
      tokens['admin.3101200002']!,
    );
    try {
      expect(await Promise.all([district.status, school1.status, school2.status])).toEqual([200, 200, 200]);
      // Each stream starts with the current overview.
      await waitFor(
        'initial overviews',
        5_000,
        () => district.events.length > 0 && school1.events.length > 0 && school2.events.length > 0,
      );
      expect(school2.events[0]!.online.sessions).toBe(1);
      const school2Before = school2.events.length;

      const sentAt = Date.now();
      await cockpit.producer.send([sessionStart('a-2', SCHOOL_1), sessionStart('a-3', SCHOOL_1)]);
      await waitFor(
        'the pushed update',
        2_000,
        () => district.events.at(-1)!.online.sessions === 4 && school1.events.at(-1)!.online.sessions === 3,
      );
      expect(Date.now() - sentAt).toBeLessThan(2_000);
      expect(school1.events.at(-1)!.scope).toBe(SCHOOL_1);
      expect(
        district.events.at(-1)!.schools?.find((school) => school.schoolCode === SCHOOL_1)?.onlineSessions,
      ).toBe(3);
      // Nothing changed at school 2: its admin received nothing new, and never anything of school 1.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(school2.events.length).toBe(school2Before);
      expect(school2.events.every((overview) => overview.scope === SCHOOL_2)).toBe(true);
    } finally {
      district.close();
      school1.close();
      school2.close();
    }
  });
});
