import ExcelJS from 'exceljs';
import { idCardCheckCharacter } from '../src/people/id-card';
import { RosterImportService } from '../src/roster-import/roster-import.service';
import { passwordGrantToken, waitFor } from '@edubase/testing';
import { api, createDistrict, Harness, startIdentity } from './identity-harness';

jest.setTimeout(90_000);

const schoolA = '3101200001';
const schoolB = '3101200002';
const idCard = (first17: string) => `${first17}${idCardCheckCharacter(first17)}`;

interface JobBody {
  id: string;
  status: string;
  totalRows: number;
  writtenRows: number;
  accounts: { total: number; synced: number; failed: number };
  progress: number;
  error: string | null;
}
interface RowErrorBody {
  row: number;
  column: string;
  reason: string;
}

describe('roster import (花名册导入) against real Keycloak, Kafka and MariaDB', () => {
  let harness: Harness;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  async function upload(token: string, file: Buffer, query: string, contentType = 'text/csv') {
    const response = await harness.app.inject({
      method: 'POST',
      url: `/roster-imports${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload: file,
    });
    return {
      status: response.statusCode,
      body: response.json<Record<string, unknown>>(),
      contentType: String(response.headers['content-type']),
    };
  }
  const job = async (token: string, id: string) =>
    (await api<JobBody>(harness, token, 'GET', `/roster-imports/${id}`)).body;
  const waitForStatus = (token: string, id: string, statuses: string[], timeoutMs = 60_000) =>
    waitFor(`import ${id} to reach ${statuses.join('/')}`, timeoutMs, async () => {
      const current = await job(token, id);
      return statuses.includes(current.status) ? current : null;
    });
  const peopleWithPrefix = async () =>
    Number(
      (
        (await harness.dataSource.query(
          'SELECT COUNT(*) AS n FROM person WHERE staff_no LIKE ? OR student_no LIKE ?',
          [`${harness.staffNo('')}%`, `S${harness.run}%`],
        )) as { n: string }[]
      )[0]!.n,
    );
  const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  const header = '工号,学籍号,姓名,手机,邮箱,身份证号,出生日期,角色,部门';

  beforeAll(async () => {
    harness = await startIdentity('roster');
    tokens.district = await passwordGrantToken('district.admin');
    tokens.adminA = await passwordGrantToken(`admin.${schoolA}`);
    tokens.adminB = await passwordGrantToken(`admin.${schoolB}`);
    const { schoolIds } = await createDistrict(harness, tokens.district, '奉贤区教育局', [
      { schoolCode: schoolA, name: '奉贤区实验小学', stage: 'primary' },
      { schoolCode: schoolB, name: '奉贤中学', stage: 'primary' },
    ]);
    orgs.schoolA = schoolIds[schoolA]!;
    orgs.schoolB = schoolIds[schoolB]!;
    const department = await api<{ id: string }>(harness, tokens.district, 'POST', '/orgs', {
      kind: 'department',
      name: '信息中心',
      parentId: orgs.schoolA,
    });
    expect(department.status).toBe(201);
    orgs.itA = department.body.id;
  });

  afterAll(async () => {
    // Stop the background Keycloak provisioning first, so cleanup sees every account it created.
    await harness?.app.get(RosterImportService).beforeApplicationShutdown();
    await harness?.close();
  });

  it('serves the templates with Chinese headers (CSV with BOM, XLSX)', async () => {
    const csvTemplate = await harness.app.inject({
      method: 'GET',
      url: '/roster-imports/template.csv',
      headers: { authorization: `Bearer ${tokens.adminA}` },
    });
    expect(csvTemplate.statusCode).toBe(200);
    expect(csvTemplate.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvTemplate.body).toContain('工号,学籍号,姓名,手机,邮箱,身份证号');
    const xlsxTemplate = await harness.app.inject({
      method: 'GET',
      url: '/roster-imports/template.xlsx',
      headers: { authorization: `Bearer ${tokens.adminA}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxTemplate.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.getRow(1).getCell(1).value).toBe('工号');
  });

  it('a bad file: the dry run lists every error with row and column; applying it is refused and writes nothing', async () => {
    const bad = csv([
      header,
      `${harness.staffNo('x1')},,王丽华,13812345678,x1@fx.example.cn,${idCard('31012019850615003')},,教师,信息中心`,
      `${harness.staffNo('x1')},,张三,1381234,bad-mail,310120198506150030,,,`,
      `,S${harness.run}01,李小明,,,,2013-02-30,,`,
      `${harness.staffNo('x4')},,,,,,,校长,后勤处`,
    ]);
    const dryRun = await upload(tokens.adminA!, bad, '?dryRun=true');
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ dryRun: true, format: 'csv', totalRows: 4, validRows: 1 });
    const where = (dryRun.body.errors as RowErrorBody[]).map((error) => `${error.row}:${error.column}`);
    expect(where).toEqual([
      '3:工号',
      '3:手机',
      '3:邮箱',
      '3:身份证号',
      '4:出生日期',
      '5:姓名',
      '5:部门',
      '5:角色',
    ]);

    const applied = await upload(tokens.adminA!, bad, '');
    expect(applied.status).toBe(400);
    expect(applied.contentType).toMatch(/^application\/problem\+json/);
    expect((applied.body.errors as RowErrorBody[]).length).toBe(8);
    expect(await peopleWithPrefix()).toBe(0);

    const gbk = Buffer.from([0xb9, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a]);
    const notUtf8 = await upload(tokens.adminA!, gbk, '?dryRun=true');
    expect(notUtf8.status).toBe(400);
    expect(JSON.stringify(notUtf8.body)).toMatch(/UTF-8/);
  });

  it('a school admin imports only into their own school: another school is 403, a row naming one is its error', async () => {
    const file = csv([header, `${harness.staffNo('c1')},,赵六,,,,,教师,`]);
    expect((await upload(tokens.adminA!, file, `?schoolCode=${schoolB}`)).status).toBe(403);
    const namingB = csv([
      '工号,姓名,学校标识码',
      `${harness.staffNo('c2')},赵七,${schoolB}`,
      `${harness.staffNo('c3')},钱八,`,
    ]);
    const dryRun = await upload(tokens.adminA!, namingB, '?dryRun=true');
    expect(dryRun.status).toBe(200);
    expect((dryRun.body.errors as RowErrorBody[]).map((error) => `${error.row}:${error.column}`)).toEqual([
      '2:学校标识码',
    ]);
    expect((await upload(tokens.adminA!, namingB, '')).status).toBe(400);
    expect(await peopleWithPrefix()).toBe(0);
  });

  it('a good CSV is applied in one go: people, roles, events, then Keycloak accounts with progress', async () => {
    const good = csv([
      header,
      `${harness.staffNo('g1')},,王丽华,13812345678,g1-${harness.run}@fx.example.cn,${idCard('31012019850615003')},1985-06-15,教师、网管员,信息中心`,
      `${harness.staffNo('g2')},,欧阳明远,,g2-${harness.run}@fx.example.cn,,,校领导,`,
      `,S${harness.run}01,李小明,,,,2013/3/1,,`,
    ]);
    const started = await upload(tokens.adminA!, good, '');
    expect(started.status).toBe(202);
    const done = await waitForStatus(tokens.adminA!, String(started.body.id), ['completed', 'failed']);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 3,
      writtenRows: 3,
      accounts: { total: 2, synced: 2, failed: 0 },
      progress: 1,
    });
    expect((await api(harness, tokens.adminB!, 'GET', `/roster-imports/${done.id}`)).status).toBe(403);

    const rows = (await harness.dataSource.query(
      'SELECT p.staff_no, p.student_no, p.org_id, p.birth_date, p.keycloak_user_id, GROUP_CONCAT(g.role ORDER BY g.role) AS roles FROM person p LEFT JOIN role_grant g ON g.person_id = p.id WHERE p.staff_no LIKE ? OR p.student_no LIKE ? GROUP BY p.id ORDER BY p.name',
      [`${harness.staffNo('g')}%`, `S${harness.run}%`],
    )) as {
      staff_no: string;
      org_id: string;
      roles: string | null;
      keycloak_user_id: string | null;
      birth_date: string;
    }[];
    expect(rows).toHaveLength(3);
    const [li, ouyang, wang] = rows;
    expect(wang).toMatchObject({ org_id: orgs.itA, roles: 'network-admin,teacher' });
    expect(ouyang).toMatchObject({ org_id: orgs.schoolA, roles: 'leader' });
    expect(li).toMatchObject({ org_id: orgs.schoolA, roles: null, keycloak_user_id: null });
    const account = await harness.keycloak.findUserByUsername(harness.staffNo('g1'));
    expect(account).toMatchObject({
      enabled: true,
      requiredActions: ['UPDATE_PASSWORD'],
      attributes: { schoolCode: [schoolA] },
    });
    const outbox = (await harness.dataSource.query(
      'SELECT topic, COUNT(*) AS n FROM outbox_event_written WHERE payload LIKE ? GROUP BY topic ORDER BY topic',
      [`%${harness.run}%`],
    )) as { topic: string; n: string }[];
    expect(outbox.map((row) => [row.topic, Number(row.n)])).toEqual([
      ['identity.person.created.v1', 3],
      ['identity.role.granted.v1', 3],
    ]);
    const audit = (await harness.dataSource.query(
      "SELECT COUNT(*) AS n FROM audit_entry WHERE action IN ('person.create', 'role.grant') AND JSON_EXTRACT(`after`, '$.schoolCode') = ?",
      [schoolA],
    )) as { n: string }[];
    expect(Number(audit[0]!.n)).toBe(6);

    // Applying the same file again: every row now collides with the database.
    const again = await upload(tokens.adminA!, good, '?dryRun=true');
    // 工号, 邮箱 and 身份证号 of 王丽华, 工号 and 邮箱 of 欧阳明远, 学籍号 of 李小明.
    expect((again.body.errors as RowErrorBody[]).filter((error) => /已存在/.test(error.reason)).length).toBe(
      6,
    );
  });

  it('writes people and grants as the REST API does: the same audit rows, apart from the noted source', async () => {
    // The rows imported by the previous test, next to a student created and a role granted through REST.
    const restStudent = await api<{ id: string }>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'student',
      name: '对照学生',
      orgId: orgs.schoolA,
      studentNo: `R${harness.run}01`,
      birthDate: '2013-03-02',
    });
    expect(restStudent.status).toBe(201);
    const [ouyang] = (await harness.dataSource.query('SELECT id FROM person WHERE staff_no = ?', [
      harness.staffNo('g2'),
    ])) as { id: string }[];
    const restGrant = await api<{ id: string }>(
      harness,
      tokens.adminA!,
      'POST',
      `/people/${ouyang!.id}/roles`,
      {
        role: 'teacher',
        scope: 'school',
      },
    );
    expect(restGrant.status).toBe(201);

    const auditOf = async (action: string, entityId: string) => {
      const [row] = (await harness.dataSource.query(
        'SELECT actor_name AS actorName, school_code AS schoolCode, `after` FROM audit_entry WHERE action = ? AND entity_id = ?',
        [action, entityId],
      )) as { actorName: string; schoolCode: string; after: string | Record<string, unknown> }[];
      const after = typeof row!.after === 'string' ? JSON.parse(row!.after) : row!.after;
      return {
        actorName: row!.actorName,
        schoolCode: row!.schoolCode,
        keys: Object.keys(after).sort(),
        after,
      };
    };
    const [imported] = (await harness.dataSource.query('SELECT id FROM person WHERE student_no = ?', [
      `S${harness.run}01`,
    ])) as { id: string }[];
    const importedCreate = await auditOf('person.create', imported!.id);
    const restCreate = await auditOf('person.create', restStudent.body.id);
    expect(importedCreate.after.source).toBe('roster-import');
    expect(importedCreate.keys.filter((key) => key !== 'source')).toEqual(restCreate.keys);
    expect(importedCreate).toMatchObject({ actorName: restCreate.actorName, schoolCode: schoolA });

    const [importedGrant] = (await harness.dataSource.query(
      "SELECT g.id FROM role_grant g JOIN person p ON p.id = g.person_id WHERE p.staff_no = ? AND g.role = 'leader'",
      [harness.staffNo('g2')],
    )) as { id: string }[];
    const importedRole = await auditOf('role.grant', importedGrant!.id);
    const restRole = await auditOf('role.grant', restGrant.body.id);
    expect(importedRole.keys).toEqual(restRole.keys);
    expect(importedRole).toMatchObject({ actorName: restRole.actorName, schoolCode: schoolA });
  });

  it('reads XLSX the same way (dry run, then apply)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['工号', '姓名', '手机', '出生日期', '角色']);
    sheet.addRow([harness.staffNo('k1'), '孙悦', 13912345678, new Date(Date.UTC(1990, 4, 6)), 'teacher']);
    sheet.addRow([harness.staffNo('k2'), '周敏', '13912345679', '', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const dryRun = await upload(tokens.adminA!, file, '?dryRun=true', xlsx);
    expect(dryRun.body).toMatchObject({ format: 'xlsx', totalRows: 2, validRows: 2, errors: [] });
    const started = await upload(tokens.adminA!, file, '', 'application/octet-stream');
    expect(started.status).toBe(202);
    const done = await waitForStatus(tokens.adminA!, String(started.body.id), ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', writtenRows: 2, accounts: { synced: 2 } });
    const [row] = (await harness.dataSource.query(
      'SELECT mobile, birth_date FROM person WHERE staff_no = ?',
      [harness.staffNo('k1')],
    )) as { mobile: string; birth_date: string }[];
    expect(row!.mobile).toBe('13912345678');
  });

  it('writes 5,000 rows in well under 30 s (then provisions the accounts in the background)', async () => {
    const lines = [header];
    for (let index = 0; index < 5000; index++) {
      const suffix = `b${String(index).padStart(4, '0')}`;
      lines.push(
        `${harness.staffNo(suffix)},,测试教师${index},139${String(index).padStart(8, '0')},${suffix}-${harness.run}@fx.example.cn,,,教师,`,
      );
    }
    const started = Date.now();
    const answer = await upload(tokens.district!, csv(lines), `?schoolCode=${schoolB}`);
    expect(answer.status).toBe(202);
    const committed = await waitForStatus(
      tokens.district!,
      String(answer.body.id),
      ['provisioning', 'completed', 'failed'],
      30_000,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(committed).toMatchObject({ status: 'provisioning', writtenRows: 5000, accounts: { total: 5000 } });
    expect(seconds).toBeLessThan(30);
    process.stdout.write(`roster import: 5,000 rows validated and committed in ${seconds.toFixed(1)} s\n`);
    const [count] = (await harness.dataSource.query(
      'SELECT COUNT(*) AS n FROM person WHERE school_code = ?',
      [schoolB],
    )) as {
      n: string;
    }[];
    expect(Number(count!.n)).toBe(5000);
    const committedAt = Date.now();
    const progressed = await waitFor('some accounts provisioned', 20_000, async () => {
      const current = await job(tokens.district!, String(answer.body.id));
      return current.accounts.synced >= 20 ? current : null;
    });
    const rate = progressed.accounts.synced / ((Date.now() - committedAt) / 1000);
    process.stdout.write(
      `roster import: Keycloak accounts provisioned at ~${rate.toFixed(0)}/s after commit\n`,
    );
    expect(progressed.progress).toBeGreaterThan(0.5);
  });
});
