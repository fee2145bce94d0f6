import { buildEnvelope } from '@edubase/contracts';
import { waitFor } from '@edubase/testing';
import { OrgUnitsProjection } from '../src/org-units/org-units.projection';
import type { SystemDetailView, SystemView } from '../src/information-systems/information-systems.dto';
import { call, governanceCallers, GovernanceCallers, OTHER, OWN } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(120_000);

interface Listed {
  items: SystemView[];
  total: number;
}

/** 等保 register: register, grade, assess, reminders on a controlled clock, tenancy, bad input. */
describe('information systems register (等保 2.0)', () => {
  let harness: Harness;
  let callers: GovernanceCallers;
  const api = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);

  beforeAll(async () => {
    harness = await startGovernance('systems', { GOVERNANCE_REMINDER_DAYS: '30,7' });
    callers = await governanceCallers();
    // governance registers itself (its catalog event comes back through Kafka): wait, so counts are stable
    await waitFor('governance’s own system in the register', 60_000, async () => {
      const page = await api<Listed>(callers.officer, 'GET', '/information-systems');
      return page.body.items.some((item) => item.name === '区域教育数字基座 · 数据治理');
    });
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  afterEach(() => harness.setToday(null));

  const published = async (topic: string, systemId: string): Promise<number> => {
    const [row] = (await harness.dataSource.query(
      'SELECT COUNT(*) AS count FROM outbox_event_written WHERE topic = ? AND aggregate_key = ?',
      [topic, `system:${systemId}`],
    )) as { count: string }[];
    return Number(row!.count);
  };

  it('registers, grades level 3, records an assessment with rectifications, and reminds before the due date', async () => {
    harness.setToday('2026-03-01');
    const registered = await api<SystemView>(callers.officer, 'POST', '/information-systems', {
      schoolCode: null,
      name: '智慧教育云平台',
      ownerUnit: '奉贤区教育学院教育信息技术中心',
      contractor: '上海某科技有限公司',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      schoolCode: null,
      protectionLevel: null,
      nextAssessmentDue: null,
    });
    const id = registered.body.id;

    const graded = await api<SystemView>(callers.officer, 'PUT', `/information-systems/${id}/grading`, {
      protectionLevel: 3,
      filingNumber: '31012099999-00001',
      filingDate: '2026-02-15',
    });
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({ protectionLevel: 3, nextAssessmentDue: '2027-02-15' });
    expect(graded.body.due).toEqual({ status: 'not-due', daysLeft: 351, reminderDays: null });

    const assessed = await api<SystemView>(
      callers.officer,
      'POST',
      `/information-systems/${id}/assessments`,
      {
        assessedOn: '2026-02-28',
        body: '上海市信息安全测评认证中心',
        result: 'good',
        rectifications: [
          { description: '数据库审计日志保存不足六个月', dueOn: '2026-06-30' },
          { description: '未启用双因素认证' },
        ],
      },
    );
    expect(assessed.status).toBe(201);
    expect(assessed.body).toMatchObject({
      lastAssessedOn: '2026-02-28',
      nextAssessmentDue: '2027-02-28',
      openRectifications: 2,
    });
    expect([
      await published('governance.system.registered.v1', id),
      await published('governance.system.graded.v1', id),
      await published('governance.system.assessed.v1', id),
    ]).toEqual([1, 1, 1]);

    harness.setToday('2027-01-15');
    expect(
      (await api<{ items: SystemView[] }>(callers.officer, 'GET', '/information-systems/reminders')).body
        .items,
    ).toEqual([]);
    harness.setToday('2027-02-01');
    const soon = await api<{ items: SystemView[] }>(callers.officer, 'GET', '/information-systems/reminders');
    expect(soon.body.items.map((item) => [item.name, item.due])).toEqual([
      ['智慧教育云平台', { status: 'due-soon', daysLeft: 27, reminderDays: 30 }],
    ]);
    harness.setToday('2027-02-25');
    expect(
      (await api<Listed>(callers.officer, 'GET', '/information-systems/reminders')).body.items[0]!.due
        .reminderDays,
    ).toBe(7);
    harness.setToday('2027-03-01');
    const overdue = await api<Listed>(callers.officer, 'GET', '/information-systems?dueStatus=overdue');
    expect(overdue.body.items.map((item) => [item.name, item.due.status, item.due.daysLeft])).toEqual([
      ['智慧教育云平台', 'overdue', -1],
    ]);

    const detail = await api<SystemDetailView>(callers.officer, 'GET', `/information-systems/${id}`);
    expect(detail.body.assessments).toHaveLength(1);
    const done = await api(
      callers.officer,
      'PATCH',
      `/information-systems/${id}/rectifications/${detail.body.rectifications[0]!.id}`,
      { status: 'done' },
    );
    expect(done.status).toBe(200);
    const after = await api<SystemDetailView>(callers.officer, 'GET', `/information-systems/${id}`);
    expect(after.body.openRectifications).toBe(1);
  });

  it('asks a level 4 system every half year', async () => {
    harness.setToday('2026-06-01');
    const created = await api<SystemView>(callers.officer, 'POST', '/information-systems', {
      name: '教育城域网',
      ownerUnit: '奉贤区教育局',
      protectionLevel: 4,
      filingDate: '2026-05-31',
    });
    expect(created.body.nextAssessmentDue).toBe('2026-11-30');
  });

  it('shows a school administrator their own school only, and district systems to district-wide callers', async () => {
    const own = await api<SystemView>(callers.schoolAdmin, 'POST', '/information-systems', {
      schoolCode: OWN,
      name: '校园一卡通',
      ownerUnit: '示例学校',
      protectionLevel: 2,
    });
    expect(own.status).toBe(201);
    expect(
      (
        await api(callers.schoolAdmin, 'POST', '/information-systems', {
          schoolCode: OTHER,
          name: '越权',
          ownerUnit: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (await api(callers.schoolAdmin, 'POST', '/information-systems', { name: '区级', ownerUnit: 'x' }))
        .status,
    ).toBe(403);
    const mine = await api<Listed>(callers.schoolAdmin, 'GET', '/information-systems');
    expect(mine.body.items.map((item) => item.name)).toEqual(['校园一卡通']);
    expect((await api<Listed>(callers.otherSchoolAdmin, 'GET', '/information-systems')).body.total).toBe(0);
    expect((await api(callers.otherSchoolAdmin, 'GET', `/information-systems/${own.body.id}`)).status).toBe(
      403,
    );
    const all = await api<Listed>(callers.district, 'GET', '/information-systems?pageSize=50');
    expect(all.body.total).toBe(4); // the two district systems above, this one, governance itself
    // grading is the security officer's, not the school administrator's
    expect(
      (
        await api(callers.schoolAdmin, 'PUT', `/information-systems/${own.body.id}/grading`, {
          protectionLevel: 3,
        })
      ).status,
    ).toBe(403);
  });

  it('refuses level 6, an unknown result and an impossible date with a 400 naming the field, changing nothing', async () => {
    const before = await api<Listed>(callers.officer, 'GET', '/information-systems?pageSize=50');
    const [system] = before.body.items;
    const level6 = await api<{ errors: { field: string }[] }>(
      callers.officer,
      'PUT',
      `/information-systems/${system!.id}/grading`,
      { protectionLevel: 6 },
    );
    expect(level6.status).toBe(400);
    expect(level6.body.errors.map((error) => error.field)).toContain('protectionLevel');
    const badResult = await api<{ errors: { field: string }[] }>(
      callers.officer,
      'POST',
      `/information-systems/${system!.id}/assessments`,
      {
        assessedOn: '2026-02-30',
        body: 'x',
        result: 'great',
      },
    );
    expect(badResult.status).toBe(400);
    expect(badResult.body.errors.map((error) => error.field).sort()).toEqual(['assessedOn', 'result']);
    const ungraded = await api<SystemView>(callers.officer, 'POST', '/information-systems', {
      name: '未定级',
      ownerUnit: 'x',
    });
    const early = await api<{ errors: { field: string }[] }>(
      callers.officer,
      'POST',
      `/information-systems/${ungraded.body.id}/assessments`,
      {
        assessedOn: '2026-01-05',
        body: 'x',
        result: 'good',
        rectifications: [{ description: '整改' }],
      },
    );
    expect(early.status).toBe(400);
    expect(early.body.errors[0]!.field).toBe('protectionLevel');
    const [counts] = (await harness.dataSource.query(
      'SELECT (SELECT COUNT(*) FROM assessment) AS assessments, (SELECT COUNT(*) FROM rectification_item) AS items',
    )) as { assessments: string; items: string }[];
    expect([Number(counts!.assessments), Number(counts!.items)]).toEqual([1, 2]);
    const after = await api<Listed>(callers.officer, 'GET', '/information-systems?pageSize=50');
    expect(after.body.items.find((item) => item.id === system!.id)).toEqual(before.body.items[0]);
  });

  it('takes as 责任单位 only an org unit of identity’s tree: 400 naming ownerUnit otherwise, nothing written', async () => {
    const count = async () =>
      Number(
        (
          (await harness.dataSource.query('SELECT COUNT(*) AS n FROM information_system')) as { n: string }[]
        )[0]!.n,
      );
    const before = await count();
    const system = { schoolCode: OWN, name: '智慧图书馆系统', ownerUnit: '上海市奉贤区实验小学图书馆' };
    const unknown = await api<{ errors: { field: string }[] }>(
      callers.schoolAdmin,
      'POST',
      '/information-systems',
      system,
    );
    expect([unknown.status, unknown.body.errors[0]!.field]).toEqual([400, 'ownerUnit']);
    expect(await count()).toBe(before);
    // identity announces the department: the same registration is accepted
    await harness.dataSource.transaction((manager) =>
      harness.app.get(OrgUnitsProjection).apply(
        buildEnvelope(
          'identity.org.created.v1',
          {
            orgId: 'org-library',
            kind: 'department',
            name: '上海市奉贤区实验小学图书馆',
            parentId: 'test-school',
            schoolCode: OWN,
            stage: null,
          },
          { source: 'identity', schoolCode: OWN },
        ),
        manager,
      ),
    );
    const units = await api<{ items: { name: string }[] }>(
      callers.schoolAdmin,
      'GET',
      `/org-units?schoolCode=${OWN}`,
    );
    expect(units.body.items.map((unit) => unit.name)).toContain('上海市奉贤区实验小学图书馆');
    expect((await api(callers.schoolAdmin, 'POST', '/information-systems', system)).status).toBe(201);
  });
});
