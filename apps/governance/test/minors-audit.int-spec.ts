import ExcelJS from 'exceljs';
import { systemActor } from '@edubase/auth';
import { AuditChain } from '@edubase/audit';
import type { DatasetDetailView } from '../src/catalog/catalog.dto';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import type { FindingView, MinorsAuditDetailView } from '../src/minors-audit/minors-audit.dto';
import { call, governanceCallers, GovernanceCallers, OWN } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(180_000);

type Problem = { errors: { field: string }[] };

/**
 * 未成年人个人信息保护 annual compliance audit: pre-filled from the catalog (minors' PI fields and where) and the
 * audit chain (who read PI in the year), answered, findings with rectification, completed, and the report
 * as XLSX and printable HTML; bad input is a 400 naming the field with nothing written.
 */
describe('minors’ PI compliance audit', () => {
  let harness: Harness;
  let callers: GovernanceCallers;
  const api = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);
  const count = async (table: string) =>
    Number(((await harness.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: string }[])[0]!.n);
  const chainActions = async (subjectId: string) =>
    (
      (await harness.dataSource.query(
        'SELECT action FROM audit_chain_entry WHERE subject_id = ? ORDER BY id',
        [subjectId],
      )) as { action: string }[]
    ).map((row) => row.action);

  beforeAll(async () => {
    harness = await startGovernance('minors_audit', { GOVERNANCE_PI_READ_ACTIONS: 'person.read' });
    callers = await governanceCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('pre-fills a school system’s audit from the catalog, takes answers and findings, completes and reports', async () => {
    harness.setToday('2027-01-10');
    const system = await api<SystemView>(callers.schoolAdmin, 'POST', '/information-systems', {
      schoolCode: OWN,
      name: '学生综合素质评价系统',
      ownerUnit: '示例学校',
    });
    const dataset = await api<DatasetDetailView>(callers.schoolAdmin, 'POST', '/datasets', {
      systemId: system.body.id,
      name: 'xs_jbxx',
      title: '学生基本信息',
      fields: [{ name: 'xm' }, { name: 'sfzh' }, { name: 'nj' }],
    });
    const field = (name: string) => dataset.body.fieldList.find((f) => f.name === name)!.id;
    for (const [name, grade] of [
      ['xm', 'important'],
      ['sfzh', 'core'],
    ] as const)
      expect(
        (
          await api(
            callers.officer,
            'PUT',
            `/datasets/${dataset.body.id}/fields/${field(name)}/classification`,
            {
              category: 'student',
              grade,
              personal: true,
              sensitive: true,
              minor: true,
            },
          )
        ).status,
      ).toBe(200);

    // bad input: nothing written
    const before = await count('minors_pi_audit');
    for (const [body, field] of [
      [{ systemId: system.body.id, year: 2028 }, 'year'],
      [{ systemId: system.body.id, year: 'last' }, 'year'],
      [{ systemId: '00000000-0000-4000-8000-000000000000', year: 2026 }, 'systemId'],
    ] as const) {
      const refused = await api<Problem>(callers.schoolAdmin, 'POST', '/compliance/minors-audits', body);
      expect([refused.status, refused.body.errors[0]!.field]).toEqual([400, field]);
    }
    expect(await count('minors_pi_audit')).toBe(before);
    // the tenancy rule: another school's administrator neither opens nor reads it
    expect(
      (
        await api(callers.otherSchoolAdmin, 'POST', '/compliance/minors-audits', {
          systemId: system.body.id,
          year: 2026,
        })
      ).status,
    ).toBe(403);

    const opened = await api<MinorsAuditDetailView>(
      callers.schoolAdmin,
      'POST',
      '/compliance/minors-audits',
      {
        systemId: system.body.id,
        year: 2026,
      },
    );
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    expect(opened.body).toMatchObject({ status: 'draft', minorPiFields: 2, schoolCode: OWN });
    expect(opened.body.datasets).toEqual([
      expect.objectContaining({
        name: 'xs_jbxx',
        grade: 'core',
        retention: null,
        fields: [
          expect.objectContaining({ name: 'sfzh', grade: 'core', category: 'student' }),
          expect.objectContaining({ name: 'xm', grade: 'important' }),
        ],
      }),
    ]);
    expect(opened.body.readers).toMatchObject({ source: 'not-available', items: [] });
    expect(
      (
        await api(callers.officer, 'POST', '/compliance/minors-audits', {
          systemId: system.body.id,
          year: 2026,
        })
      ).status,
    ).toBe(409);
    expect((await api(callers.otherSchoolAdmin, 'GET', `/compliance/minors-audits/${id}`)).status).toBe(403);

    // completing too early names what is missing, and changes nothing
    const early = await api<Problem>(
      callers.schoolAdmin,
      'POST',
      `/compliance/minors-audits/${id}/completion`,
    );
    expect([early.status, early.body.errors.map((e) => e.field)]).toEqual([400, ['checklist', 'retention']]);

    const wrongDataset = await api<Problem>(
      callers.schoolAdmin,
      'PUT',
      `/compliance/minors-audits/${id}/checklist`,
      {
        checklist: [{ key: 'rules', answer: 'yes' }],
        retention: [{ datasetId: '00000000-0000-4000-8000-000000000000', retention: '毕业后3年' }],
      },
    );
    expect([wrongDataset.status, wrongDataset.body.errors[0]!.field]).toEqual([400, 'retention']);
    const unknownKey = await api<Problem>(
      callers.schoolAdmin,
      'PUT',
      `/compliance/minors-audits/${id}/checklist`,
      {
        checklist: [{ key: 'nonsense', answer: 'yes' }],
      },
    );
    expect([unknownKey.status, unknownKey.body.errors[0]!.field]).toMatchObject([
      400,
      expect.stringMatching(/^checklist/),
    ]);
    const unchanged = await api<MinorsAuditDetailView>(
      callers.schoolAdmin,
      'GET',
      `/compliance/minors-audits/${id}`,
    );
    expect(unchanged.body.checklist.every((item) => item.answer === null)).toBe(true);

    const keys = opened.body.checklist.map((item) => item.key);
    const answered = await api<MinorsAuditDetailView>(
      callers.schoolAdmin,
      'PUT',
      `/compliance/minors-audits/${id}/checklist`,
      {
        checklist: keys.map((key) => ({ key, answer: key === 'access' ? 'no' : 'yes' })),
        retention: [{ datasetId: dataset.body.id, retention: '学生毕业后3年删除' }],
      },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.datasets[0]!.retention).toBe('学生毕业后3年删除');

    const badFinding = await api<Problem>(
      callers.schoolAdmin,
      'POST',
      `/compliance/minors-audits/${id}/findings`,
      {
        description: '教师账号可查看全校学生身份证号',
        rectification: '按任教班级收窄查询范围',
        owner: '教务处',
        dueOn: '2027-02-30',
      },
    );
    expect([badFinding.status, badFinding.body.errors[0]!.field]).toEqual([400, 'dueOn']);
    const finding = await api<FindingView>(
      callers.schoolAdmin,
      'POST',
      `/compliance/minors-audits/${id}/findings`,
      {
        checklistKey: 'access',
        description: '教师账号可查看全校学生身份证号',
        rectification: '按任教班级收窄查询范围，身份证号脱敏显示',
        owner: '教务处',
        dueOn: '2027-03-31',
      },
    );
    expect(finding.status).toBe(201);
    expect(await count('compliance_finding')).toBe(1);

    const completed = await api<MinorsAuditDetailView>(
      callers.schoolAdmin,
      'POST',
      `/compliance/minors-audits/${id}/completion`,
    );
    expect(completed.body).toMatchObject({
      status: 'completed',
      findings: 1,
      openFindings: 1,
      completedOn: '2027-01-10',
    });
    expect(
      (await api(callers.schoolAdmin, 'PUT', `/compliance/minors-audits/${id}/checklist`, { checklist: [] }))
        .status,
    ).toBe(409);
    // the rectification is closed after the audit was filed
    harness.setToday('2027-03-02');
    const closed = await api<FindingView>(
      callers.schoolAdmin,
      'PATCH',
      `/compliance/minors-audits/${id}/findings/${finding.body.id}`,
      { status: 'done' },
    );
    expect(closed.body).toMatchObject({ status: 'done', closedOn: '2027-03-02' });

    // the report: a workbook and a printable page, in Chinese
    const xlsx = await fetch(`${harness.baseUrl}/compliance/minors-audits/${id}/report.xlsx`, {
      headers: { authorization: `Bearer ${callers.officer}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '审计概况',
      '未成年人个人信息清单',
      '个人信息访问情况',
      '合规检查项',
      '发现问题与整改',
    ]);
    const inventory = workbook.getWorksheet('未成年人个人信息清单')!;
    expect(inventory.getRow(3).values).toEqual([
      undefined,
      'xs_jbxx',
      '学生基本信息',
      '核心数据',
      'sfzh',
      '学生',
      '核心数据',
      '学生毕业后3年删除',
    ]);
    const findingsSheet = workbook.getWorksheet('发现问题与整改')!;
    expect(findingsSheet.getRow(3).getCell(6).value).toBe('已整改');

    const html = await fetch(`${harness.baseUrl}/compliance/minors-audits/${id}/report.html`, {
      headers: { authorization: `Bearer ${callers.schoolAdmin}` },
    });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('学生综合素质评价系统 2026年度未成年人个人信息保护合规审计报告');
    expect(page).toContain('@media print');
    expect(page).toContain('教师账号可查看全校学生身份证号');

    // every action on the chain; the state announced on every change of findings or status
    expect(await chainActions(id)).toEqual([
      'minors-audit.open',
      'minors-audit.answer',
      'minors-audit.finding.add',
      'minors-audit.complete',
      'minors-audit.finding.close',
      'minors-audit.report',
      'minors-audit.report',
    ]);
    const events = (await harness.dataSource.query(
      `SELECT payload FROM outbox_event_written WHERE topic = 'governance.minors-audit.changed.v1' ORDER BY id`,
    )) as { payload: string | object }[];
    const states = events.map(
      (row) =>
        (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
          data: { status: string; openFindings: number };
        },
    );
    expect(states.map((state) => [state.data.status, state.data.openFindings])).toEqual([
      ['draft', 0],
      ['draft', 1],
      ['completed', 1],
      ['completed', 0],
    ]);
  });

  it('lists who read personal data in the year from an EduBase service’s audit chain', async () => {
    harness.setToday('2027-01-10');
    // governance describes its own tables at start-up: its system is in the register
    const systems = await api<{ items: SystemView[] }>(
      callers.officer,
      'GET',
      '/information-systems?pageSize=100',
    );
    const own = systems.body.items.find((system) => system.name === '区域教育数字基座 · 数据治理')!;
    expect(own).toBeDefined();
    const chain = harness.app.get(AuditChain);
    await harness.dataSource.transaction((manager) =>
      chain.append(manager, [
        ...[1, 2, 3].map(() => ({
          actor: systemActor('sis-export'),
          action: 'person.read',
          subjectType: 'person',
          subjectId: 'p-1',
          schoolCode: OWN,
          occurredAt: new Date('2026-05-04T09:00:00+08:00'),
        })),
        {
          actor: systemActor('sis-export'),
          action: 'person.read',
          subjectType: 'person',
          subjectId: 'p-1',
          schoolCode: OWN,
          occurredAt: new Date('2025-12-31T09:00:00+08:00'),
        },
      ]),
    );
    const opened = await api<MinorsAuditDetailView>(callers.officer, 'POST', '/compliance/minors-audits', {
      systemId: own.id,
      year: 2026,
    });
    expect(opened.status).toBe(201);
    expect(opened.body.readers).toMatchObject({
      source: 'audit-chain',
      service: 'governance',
      items: [expect.objectContaining({ actorName: 'sis-export', action: 'person.read', reads: 3 })],
    });
    // a district system's audit takes a district-wide grant
    expect(
      (await api(callers.schoolAdmin, 'GET', `/compliance/minors-audits/${opened.body.id}`)).status,
    ).toBe(403);
  });
});
