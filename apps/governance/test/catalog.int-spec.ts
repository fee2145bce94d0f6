import { buildEnvelope } from '@edubase/contracts';
import { waitFor } from '@edubase/testing';
import { ServiceCatalogProjection } from '../src/catalog/service-catalog.projection';
import type { DatasetDetailView, DatasetView, FieldView, ReviewView } from '../src/catalog/catalog.dto';
import type { MinorsAuditDetailView } from '../src/minors-audit/minors-audit.dto';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import { call, governanceCallers, GovernanceCallers, OWN } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(180_000);

type Problem = { errors: { field: string }[] };

/** 数据目录 and 分类分级: self-registration, API registration, detection reviewed by a person, 就高从严. */
describe('data catalog and classification', () => {
  let harness: Harness;
  let callers: GovernanceCallers;
  const api = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);
  const published = async (topic: string): Promise<number> => {
    const [row] = (await harness.dataSource.query(
      'SELECT COUNT(*) AS count FROM outbox_event_written WHERE topic = ?',
      [topic],
    )) as { count: string }[];
    return Number(row!.count);
  };

  beforeAll(async () => {
    harness = await startGovernance('catalog');
    callers = await governanceCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('registers its own tables and columns at start-up, through Kafka, as a district system of the register', async () => {
    const datasets = await waitFor('governance’s own datasets in its catalog', 60_000, async () => {
      const page = await api<{ items: DatasetView[] }>(callers.officer, 'GET', '/datasets?pageSize=200');
      return page.body.items.some((item) => item.name === 'data_field') && page.body.items;
    });
    expect(datasets.map((item) => item.name)).toEqual(
      expect.arrayContaining(['information_system', 'dataset', 'data_field', 'classification_review']),
    );
    expect(datasets.map((item) => item.name)).not.toContain('outbox_event');
    const systems = await api<{ items: SystemView[] }>(callers.officer, 'GET', '/information-systems');
    expect(systems.body.items.map((item) => item.name)).toContain('区域教育数字基座 · 数据治理');
    const fields = (
      await api<DatasetDetailView>(
        callers.officer,
        'GET',
        `/datasets/${datasets.find((d) => d.name === 'information_system')!.id}`,
      )
    ).body.fieldList;
    expect(fields.find((field) => field.name === 'school_code')).toMatchObject({
      dataType: 'char(10)',
      grade: null,
    });
  });

  it('files detection suggestions for review; accepted ones classify the field, and derived datasets take the highest grade', async () => {
    const system = await api<SystemView>(callers.schoolAdmin, 'POST', '/information-systems', {
      schoolCode: OWN,
      name: '学生综合素质评价系统',
      ownerUnit: '示例学校',
    });
    const roster = await api<DatasetDetailView>(callers.schoolAdmin, 'POST', '/datasets', {
      systemId: system.body.id,
      name: 'xs_jbxx',
      title: '学生基本信息',
      fields: [{ name: 'xm' }, { name: 'sfzh' }, { name: 'lxdh' }, { name: 'bz' }],
    });
    expect(roster.status).toBe(201);
    expect(roster.body).toMatchObject({ fields: 4, classifiedFields: 0, grade: null, origin: 'api' });

    const scan = await api<{ items: ReviewView[] }>(
      callers.schoolAdmin,
      'POST',
      `/datasets/${roster.body.id}/scan`,
      {
        columns: [
          { column: 'sfzh', values: ['11010519491231002X', '310115201001011237', ''] },
          { column: 'lxdh', values: ['13800138000', '13900001111'] },
          { column: 'bz', values: ['无', '转学'] },
        ],
      },
    );
    expect(scan.status).toBe(200);
    expect(scan.body.items.map((review) => [review.detectedLabel, review.status])).toEqual([
      ['id_card', 'pending'],
      ['mobile', 'pending'],
    ]);
    const untouched = await api<DatasetDetailView>(callers.schoolAdmin, 'GET', `/datasets/${roster.body.id}`);
    expect(untouched.body.classifiedFields).toBe(0);
    // the list a person decides from names the dataset and the field, not only their ids
    const waiting = await api<{ items: ReviewView[] }>(
      callers.schoolAdmin,
      'GET',
      `/classification-reviews?schoolCode=${OWN}`,
    );
    expect(waiting.body.items.map((review) => `${review.datasetName} · ${review.fieldName}`).sort()).toEqual([
      '学生基本信息 · lxdh',
      '学生基本信息 · sfzh',
    ]);

    const [idCard, mobile] = scan.body.items;
    const accepted = await api<ReviewView>(
      callers.schoolAdmin,
      'POST',
      `/classification-reviews/${idCard!.id}/decision`,
      {
        decision: 'accepted',
        category: 'student',
      },
    );
    expect(accepted.body.status).toBe('accepted');
    expect(
      (
        await api(callers.schoolAdmin, 'POST', `/classification-reviews/${idCard!.id}/decision`, {
          decision: 'rejected',
        })
      ).status,
    ).toBe(409);
    await api(callers.officer, 'POST', `/classification-reviews/${mobile!.id}/decision`, {
      decision: 'rejected',
    });
    const after = await api<DatasetDetailView>(callers.schoolAdmin, 'GET', `/datasets/${roster.body.id}`);
    expect(after.body).toMatchObject({ grade: 'important', classifiedFields: 1 });
    expect(after.body.fieldList.find((field) => field.name === 'sfzh')).toMatchObject({
      category: 'student',
      grade: 'important',
      personal: true,
      sensitive: true,
      minor: false,
    });
    expect(after.body.fieldList.find((field) => field.name === 'lxdh')!.grade).toBeNull();
    expect(await published('governance.review.completed.v1')).toBe(2);
    expect(await published('governance.dataset.classified.v1')).toBe(1);

    const report = await api<DatasetDetailView>(callers.schoolAdmin, 'POST', '/datasets', {
      systemId: system.body.id,
      name: 'xs_bb',
      title: '学生统计报表',
      fields: [{ name: 'nj' }],
      derivedFrom: [roster.body.id],
    });
    expect(report.body).toMatchObject({ grade: 'important', derivedFrom: [roster.body.id] });
    const xm = after.body.fieldList.find((field) => field.name === 'xm')!;
    const core = await api<FieldView>(
      callers.officer,
      'PUT',
      `/datasets/${roster.body.id}/fields/${xm.id}/classification`,
      {
        category: 'student',
        grade: 'core',
        personal: false,
        sensitive: false,
        minor: true,
      },
    );
    expect(core.body).toMatchObject({ grade: 'core', personal: true, sensitive: true, minor: true });
    expect((await api<DatasetView>(callers.officer, 'GET', `/datasets/${report.body.id}`)).body.grade).toBe(
      'core',
    );

    const cycle = await api<Problem>(callers.officer, 'POST', '/datasets', {
      systemId: system.body.id,
      name: 'xs_jbxx',
      fields: [{ name: 'xm' }],
      derivedFrom: [report.body.id],
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors[0]!.field).toBe('derivedFrom');
    expect(
      (await api<DatasetDetailView>(callers.officer, 'GET', `/datasets/${roster.body.id}`)).body.derivedFrom,
    ).toEqual([]);

    expect((await api<{ total: number }>(callers.otherSchoolAdmin, 'GET', '/datasets')).body.total).toBe(0);
    expect((await api(callers.otherSchoolAdmin, 'GET', `/datasets/${roster.body.id}`)).status).toBe(403);
  });

  it('refuses an unknown grade or category, and a column the dataset lacks, naming the field and changing nothing', async () => {
    const page = await api<{ items: DatasetView[] }>(callers.officer, 'GET', `/datasets?schoolCode=${OWN}`);
    const roster = page.body.items.find((item) => item.name === 'xs_jbxx')!;
    const detail = await api<DatasetDetailView>(callers.officer, 'GET', `/datasets/${roster.id}`);
    const bz = detail.body.fieldList.find((field) => field.name === 'bz')!;
    const unknownGrade = await api<Problem>(
      callers.officer,
      'PUT',
      `/datasets/${roster.id}/fields/${bz.id}/classification`,
      {
        category: 'students',
        grade: 'secret',
        personal: true,
        sensitive: false,
        minor: false,
      },
    );
    expect(unknownGrade.status).toBe(400);
    expect(unknownGrade.body.errors.map((error) => error.field).sort()).toEqual(['category', 'grade']);
    const unknownColumn = await api<Problem>(callers.officer, 'POST', `/datasets/${roster.id}/scan`, {
      columns: [
        { column: 'sfzh', values: ['11010519491231002X'] },
        { column: 'nope', values: ['x'] },
      ],
    });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.errors[0]!.field).toBe('columns[1].column');
    const unchanged = await api<DatasetDetailView>(callers.officer, 'GET', `/datasets/${roster.id}`);
    expect(unchanged.body).toEqual(detail.body);
    expect((await api<{ total: number }>(callers.officer, 'GET', '/classification-reviews')).body.total).toBe(
      0,
    );
  });

  it('marks the fields a service no longer describes as removed, and brings back one that returns', async () => {
    const projection = harness.app.get(ServiceCatalogProjection);
    const column = (name: string) => ({ name, dataType: 'varchar(20)', nullable: true, description: name });
    const describe = (tables: Record<string, string[]>) =>
      harness.dataSource.transaction((manager) =>
        projection.apply(
          buildEnvelope(
            'catalog.service.described.v1',
            {
              service: 'timetable',
              datasets: Object.entries(tables).map(([name, fields]) => ({
                name,
                fields: fields.map(column),
              })),
            },
            { source: 'timetable' },
          ),
          manager,
        ),
      );
    const dataset = async (name: string) => {
      const page = await api<{ items: DatasetView[] }>(callers.officer, 'GET', '/datasets?pageSize=200');
      const found = page.body.items.find((item) => item.name === name)!;
      return (await api<DatasetDetailView>(callers.officer, 'GET', `/datasets/${found.id}`)).body;
    };
    const removed = (detail: DatasetDetailView) =>
      Object.fromEntries(detail.fieldList.map((field) => [field.name, field.removedAt !== null]));

    await describe({ kb_lesson: ['id', 'teacher_mobile', 'room'], kb_room: ['id', 'name'] });
    expect(removed(await dataset('kb_lesson'))).toEqual({ id: false, room: false, teacher_mobile: false });
    // a column dropped, a table dropped
    await describe({ kb_lesson: ['id', 'room'] });
    const lesson = await dataset('kb_lesson');
    expect(removed(lesson)).toEqual({ id: false, room: false, teacher_mobile: true });
    expect(lesson.fields).toBe(2);
    expect(removed(await dataset('kb_room'))).toEqual({ id: true, name: true });
    // the column comes back
    await describe({ kb_lesson: ['id', 'room', 'teacher_mobile'] });
    expect(removed(await dataset('kb_lesson'))).toEqual({ id: false, room: false, teacher_mobile: false });
    const [prunes] = (await harness.dataSource.query(
      "SELECT COUNT(*) AS n FROM audit_chain_entry WHERE action = 'dataset.prune'",
    )) as { n: string }[];
    expect(Number(prunes!.n)).toBe(2);
  });

  it("applies a service's declared classifications to fields no person classified, follows changed ones, keeps a person's, and the minors audit finds them", async () => {
    const projection = harness.app.get(ServiceCatalogProjection);
    type Declared = { grade: 'general' | 'important' | 'core'; minor: boolean; sensitive: boolean };
    const describe = (declared: Record<string, Declared | null>) =>
      harness.dataSource.transaction((manager) =>
        projection.apply(
          buildEnvelope(
            'catalog.service.described.v1',
            {
              service: 'kb-roster',
              datasets: [
                {
                  name: 'kb_pupil',
                  fields: Object.entries(declared).map(([name, declaration]) => ({
                    name,
                    dataType: 'varchar(64)',
                    nullable: true,
                    description: name,
                    ...(declaration
                      ? { declared: { ...declaration, category: 'student' as const, personal: true } }
                      : {}),
                  })),
                },
              ],
            },
            { source: 'kb-roster' },
          ),
          manager,
        ),
      );
    const pupil = async () => {
      const page = await api<{ items: DatasetView[] }>(callers.officer, 'GET', '/datasets?pageSize=200');
      const found = page.body.items.find((item) => item.name === 'kb_pupil')!;
      return (await api<DatasetDetailView>(callers.officer, 'GET', `/datasets/${found.id}`)).body;
    };
    const byName = (detail: DatasetDetailView) =>
      Object.fromEntries(
        detail.fieldList.map((field) => [
          field.name,
          [field.grade, field.minor, field.sensitive, field.classifiedBy] as const,
        ]),
      );

    await describe({
      id: null,
      name: { grade: 'general', minor: false, sensitive: false },
      student_no: { grade: 'important', minor: true, sensitive: true },
      mobile: { grade: 'core', minor: true, sensitive: true },
    });
    const first = await pupil();
    expect(byName(first)).toEqual({
      id: [null, false, false, null],
      name: ['general', false, false, 'service:kb-roster'],
      student_no: ['important', true, true, 'service:kb-roster'],
      mobile: ['core', true, true, 'service:kb-roster'],
    });
    expect([first.fields, first.classifiedFields, first.grade]).toEqual([4, 3, 'core']);

    // a person classifies the name; the service's declarations then change
    const name = first.fieldList.find((field) => field.name === 'name')!;
    const classified = await api(
      callers.officer,
      'PUT',
      `/datasets/${first.id}/fields/${name.id}/classification`,
      {
        category: 'student',
        grade: 'important',
        personal: true,
        sensitive: true,
        minor: true,
      },
    );
    expect(classified.status).toBe(200);
    await describe({
      id: null,
      name: { grade: 'general', minor: false, sensitive: false },
      student_no: { grade: 'core', minor: true, sensitive: true },
      mobile: null,
    });
    const second = await pupil();
    const officerName = second.fieldList.find((field) => field.name === 'name')!.classifiedBy;
    expect(officerName).not.toMatch(/^service:/);
    expect(byName(second)).toEqual({
      id: [null, false, false, null],
      name: ['important', true, true, officerName],
      student_no: ['core', true, true, 'service:kb-roster'],
      // the declaration withdrawn: unclassified again, for a person to classify
      mobile: [null, false, false, null],
    });
    expect(second.classifiedFields).toBe(2);

    // the minors' PI annual audit of the service's system is pre-filled with those fields
    const systems = await api<{ items: SystemView[] }>(
      callers.officer,
      'GET',
      '/information-systems?pageSize=100',
    );
    const system = systems.body.items.find((item) => item.name === '区域教育数字基座 · kb-roster')!;
    const audit = await api<MinorsAuditDetailView>(callers.officer, 'POST', '/compliance/minors-audits', {
      systemId: system.id,
      year: 2026,
    });
    expect(audit.status).toBe(201);
    expect(audit.body.minorPiFields).toBe(2);
    expect(
      audit.body.datasets.flatMap((dataset) => dataset.fields.map((field) => [field.name, field.grade])),
    ).toEqual([
      ['name', 'important'],
      ['student_no', 'core'],
    ]);
  });
});
