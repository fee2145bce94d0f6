import ExcelJS from 'exceljs';
import { waitFor } from '@edubase/testing';
import type { DatasetDetailView, DatasetView } from '../src/catalog/catalog.dto';
import type { ImportOutcome } from '../src/catalog-import/catalog-import.service';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import { call, governanceCallers, GovernanceCallers, OWN } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(180_000);

type Problem = { errors: { field: string; reason: string }[] };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('数据目录');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** 数据目录 import: XLSX through @edubase/uploads, a dry run with per-row errors, then all or nothing. */
describe('catalog import', () => {
  let harness: Harness;
  let callers: GovernanceCallers;
  let systemId: string;
  const api = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);
  const upload = async <T>(token: string, file: Buffer, query: string, type = XLSX) => {
    const response = await fetch(`${harness.baseUrl}/catalog-imports?systemId=${systemId}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: file,
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const imported = async () =>
    (await api<{ items: DatasetView[] }>(callers.schoolAdmin, 'GET', `/datasets?systemId=${systemId}`)).body
      .items;

  beforeAll(async () => {
    harness = await startGovernance('catalog_import');
    callers = await governanceCallers();
    const system = await api<SystemView>(callers.schoolAdmin, 'POST', '/information-systems', {
      schoolCode: OWN,
      name: '学生综合素质评价系统',
      ownerUnit: '示例学校',
    });
    systemId = system.body.id;
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('previews with every error by row, refuses the commit whole, then imports the corrected file', async () => {
    const header = ['数据集', '数据集名称', '字段', '字段类型', '字段说明'];
    const broken = await workbook([
      header,
      ['xs_jbxx', '学生基本信息', 'xm', 'varchar(50)', '姓名'],
      ['xs_jbxx', '', '', 'char(18)', '身份证号'],
      ['xs_jbxx', '', 'xm', '', ''],
      ['xs_pj', '综合评价', 'pjdj', 'x'.repeat(65), '评价等级'],
    ]);
    const preview = await upload<ImportOutcome>(callers.schoolAdmin, broken, '&dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([
      { row: 3, column: '字段', reason: 'required' },
      { row: 4, column: '字段', reason: 'xm is already in row 2' },
      { row: 5, column: '字段类型', reason: 'at most 64 characters' },
    ]);
    const refused = await upload<Problem>(callers.schoolAdmin, broken, '');
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field)).toEqual([
      'rows[3].字段',
      'rows[4].字段',
      'rows[5].字段类型',
    ]);
    expect(await imported()).toEqual([]);

    const fixed = await workbook([
      header,
      ['xs_jbxx', '学生基本信息', 'xm', 'varchar(50)', '姓名'],
      ['xs_jbxx', '', 'sfzh', 'char(18)', '身份证号'],
      ['xs_pj', '综合评价', 'pjdj', 'varchar(8)', '评价等级'],
    ]);
    const clean = await upload<ImportOutcome>(callers.schoolAdmin, fixed, '&dryRun=true');
    expect(clean.body).toEqual({
      dryRun: true,
      errors: [],
      datasets: [
        { name: 'xs_jbxx', isNew: true, newFields: ['xm', 'sfzh'], existingFields: [] },
        { name: 'xs_pj', isNew: true, newFields: ['pjdj'], existingFields: [] },
      ],
    });
    expect(await imported()).toEqual([]);
    const committed = await upload<ImportOutcome>(callers.schoolAdmin, fixed, '');
    expect(committed.status).toBe(201);
    const datasets = await imported();
    expect(datasets.map((d) => [d.name, d.origin, d.fields])).toEqual([
      ['xs_jbxx', 'import', 2],
      ['xs_pj', 'import', 1],
    ]);
    const jbxx = await api<DatasetDetailView>(callers.schoolAdmin, 'GET', `/datasets/${datasets[0]!.id}`);
    expect(jbxx.body.fieldList.find((f) => f.name === 'sfzh')).toMatchObject({
      dataType: 'char(18)',
      description: '身份证号',
    });
    // imported again with one more field: only that one is new
    const again = await upload<ImportOutcome>(
      callers.schoolAdmin,
      await workbook([header, ['xs_jbxx', '', 'xm', '', ''], ['xs_jbxx', '', 'lxdh', '', '']]),
      '&dryRun=true',
    );
    expect(again.body.datasets).toEqual([
      { name: 'xs_jbxx', isNew: false, newFields: ['lxdh'], existingFields: ['xm'] },
    ]);
    const [entries] = (await harness.dataSource.query(
      'SELECT COUNT(*) AS n FROM audit_chain_entry WHERE action = \'dataset.register\' AND detail LIKE \'%"origin":"import"%\'',
    )) as { n: string }[];
    expect(Number(entries!.n)).toBe(2);
  });

  it('refuses a file that is not a table, a missing header, another school, and an EduBase service’s system', async () => {
    const garbage = await upload<Problem>(
      callers.schoolAdmin,
      Buffer.from('PK\u0003\u0004not really a zip'),
      '',
    );
    expect([garbage.status, garbage.body.errors[0]!.field]).toEqual([400, 'file']);
    const noHeader = await upload<Problem>(
      callers.schoolAdmin,
      await workbook([
        ['表名', '列名'],
        ['a', 'b'],
      ]),
      '',
    );
    expect([noHeader.status, noHeader.body.errors[0]!.field]).toEqual([400, 'rows[1].数据集']);
    const other = await upload(
      callers.otherSchoolAdmin,
      await workbook([
        ['数据集', '字段'],
        ['a', 'b'],
      ]),
      '',
    );
    expect(other.status).toBe(403);
    const own = await waitFor('governance’s own system in the register', 60_000, async () =>
      (
        await api<{ items: SystemView[] }>(callers.officer, 'GET', '/information-systems?pageSize=100')
      ).body.items.find((system) => system.name === '区域教育数字基座 · 数据治理'),
    );
    const response = await fetch(`${harness.baseUrl}/catalog-imports?systemId=${own.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${callers.officer}`, 'content-type': XLSX },
      body: await workbook([
        ['数据集', '字段'],
        ['a', 'b'],
      ]),
    });
    expect([response.status, ((await response.json()) as Problem).errors[0]!.field]).toEqual([
      400,
      'systemId',
    ]);
    const tooBig = await upload<Problem>(
      callers.schoolAdmin,
      Buffer.alloc(6 * 1024 * 1024, 65),
      '',
      'text/csv',
    );
    expect(tooBig.status).toBe(413);
  });
});
