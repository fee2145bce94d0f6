import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { MysqlConnectionOptions } from 'typeorm/driver/mysql/MysqlConnectionOptions';
import { passwordGrantToken, waitFor } from '@edubase/testing';
import { RosterImportJob } from '../src/roster-import/roster-import-job.entity';
import {
  RosterImportRecovery,
  workerLockName,
  writerLockName,
} from '../src/roster-import/roster-import-recovery';
import { RosterImportService } from '../src/roster-import/roster-import.service';
import { createDistrict, Harness, startIdentity } from './identity-harness';

jest.setTimeout(90_000);

/**
 * A roster import whose writer died (kill -9, MariaDB restarted) was rolled back with its transaction; its
 * job must not stay `writing` for ever. The fault suite kills real processes; this checks the rule itself.
 */
describe('roster imports interrupted while writing', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startIdentity('rosterrecovery');
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** A connection of its own, as another instance's (or a live worker's) would be. */
  async function otherConnection() {
    const options = harness.dataSource.options as MysqlConnectionOptions;
    return mysql.createConnection({
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
    });
  }

  async function writingJob(ageSeconds: number): Promise<string> {
    const id = randomUUID();
    await harness.dataSource.getRepository(RosterImportJob).insert({
      id,
      schoolCode: null,
      format: 'csv',
      status: 'writing',
      totalRows: 10,
      writtenRows: 5,
      createdBy: 'district.admin',
    });
    await harness.dataSource.query(
      'UPDATE roster_import_job SET created_at = NOW(3) - INTERVAL ? SECOND WHERE id = ?',
      [ageSeconds, id],
    );
    return id;
  }

  const statusOf = async (id: string) =>
    harness.dataSource
      .getRepository(RosterImportJob)
      .findOneOrFail({ where: { id }, select: { status: true, writtenRows: true, error: true } });

  it('marks a job failed once no writer holds it, and leaves a job being written or just created', async () => {
    const abandoned = await writingJob(120);
    const beingWritten = await writingJob(120);
    const justCreated = await writingJob(0);
    // The writer of `beingWritten` is alive: its transaction's connection holds the job's lock.
    const writer = await otherConnection();
    await writer.query('SELECT GET_LOCK(?, 0)', [writerLockName(beingWritten)]);
    const recovery = harness.app.get(RosterImportRecovery);

    await recovery.sweep();
    expect(await statusOf(abandoned)).toMatchObject({ status: 'failed', writtenRows: 0 });
    expect((await statusOf(abandoned)).error).toMatch(/interrupted/);
    expect((await statusOf(beingWritten)).status).toBe('writing');
    expect((await statusOf(justCreated)).status).toBe('writing');

    // The writer's connection ends (its process died): the job is found on the next sweep.
    await writer.end();
    await recovery.sweep();
    expect((await statusOf(beingWritten)).status).toBe('failed');
  });

  it('completes a job whose worker stopped after its rows committed, from the Keycloak sync outbox', async () => {
    const schoolCode = '3101200001';
    const district = await passwordGrantToken('district.admin');
    await createDistrict(harness, district, '奉贤区教育局', [
      { schoolCode, name: '奉贤区实验小学', stage: 'primary' },
    ]);
    // The service stops after the commit, before creating the accounts (as a deploy would stop it): the
    // job stays `provisioning`, its accounts wait in the outbox.
    const imports = harness.app.get(RosterImportService);
    await imports.beforeApplicationShutdown();
    const file = Buffer.from(
      [
        '工号,学籍号,姓名,手机,邮箱,身份证号,出生日期,角色,部门',
        `${harness.staffNo('r1')},,王丽华,,,,,教师,`,
        `${harness.staffNo('r2')},,张伟,,,,,,`,
        `,S${harness.run}01,李小明,,,,2013-02-01,,`,
      ].join('\r\n'),
      'utf8',
    );
    const upload = await harness.app.inject({
      method: 'POST',
      url: `/roster-imports?schoolCode=${schoolCode}`,
      headers: { authorization: `Bearer ${district}`, 'content-type': 'text/csv' },
      payload: file,
    });
    expect(`${upload.statusCode} ${upload.body}`).toMatch(/^202/);
    const jobId = upload.json<{ id: string }>().id;
    await imports.settled();
    expect(await statusOf(jobId)).toMatchObject({ status: 'provisioning', writtenRows: 3 });
    const recovery = harness.app.get(RosterImportRecovery);

    // The outbox's retry loop creates the accounts (after the writer's grace); recovery then completes the job.
    const pendingAccounts = async () =>
      Number(
        (
          (await harness.dataSource.query(
            'SELECT COUNT(*) AS n FROM keycloak_sync_request r JOIN person p ON p.id = r.person_id WHERE p.staff_no LIKE ?',
            [`${harness.staffNo('')}%`],
          )) as { n: string }[]
        )[0]!.n,
      );
    await waitFor('the outbox to create both accounts', 60_000, async () => (await pendingAccounts()) === 0);
    await recovery.sweep();
    const completed = await harness.dataSource.getRepository(RosterImportJob).findOneByOrFail({ id: jobId });
    expect(completed).toMatchObject({
      status: 'completed',
      accountsTotal: 2,
      accountsSynced: 2,
      accountsFailed: 0,
    });
    expect(completed.finishedAt).not.toBeNull();
  });

  it('leaves a provisioning job to its live worker, and reflects accounts the outbox has not created yet', async () => {
    const people = (await harness.dataSource.query(
      'SELECT id FROM person WHERE staff_no LIKE ? ORDER BY staff_no',
      [`${harness.staffNo('')}%`],
    )) as { id: string }[];
    expect(people).toHaveLength(2);
    const id = randomUUID();
    await harness.dataSource.getRepository(RosterImportJob).insert({
      id,
      schoolCode: null,
      format: 'csv',
      status: 'provisioning',
      totalRows: 2,
      writtenRows: 2,
      accountsTotal: 2,
      createdBy: 'district.admin',
    });
    await harness.dataSource.query('INSERT INTO roster_import_person (job_id, person_id) VALUES ?', [
      people.map((person) => [id, person.id]),
    ]);
    // Requests the retry loop leaves alone for now: one never tried, one that failed once.
    const request = (personId: string, attempts: number) =>
      harness.dataSource.query(
        `INSERT INTO keycloak_sync_request (person_id, generation, pending_since, requested_at, attempts, next_attempt_at, last_error)
         VALUES (?, 1, NOW(3), NOW(3), ?, NOW(3) + INTERVAL 1 HOUR, ?)`,
        [personId, attempts, attempts > 0 ? 'Keycloak answered 503' : null],
      );
    await request(people[0]!.id, 0);
    await request(people[1]!.id, 1);
    const worker = await otherConnection();
    await worker.query('SELECT GET_LOCK(?, 0)', [workerLockName(id)]);
    const recovery = harness.app.get(RosterImportRecovery);
    const job = () => harness.dataSource.getRepository(RosterImportJob).findOneByOrFail({ id });

    await recovery.sweep();
    expect(await job()).toMatchObject({ status: 'provisioning', accountsSynced: 0, accountsFailed: 0 });

    await worker.end();
    await recovery.sweep();
    expect(await job()).toMatchObject({ status: 'provisioning', accountsSynced: 0, accountsFailed: 1 });

    // The untried account is tried and fails too: the job completes, saying what is still retried.
    await harness.dataSource.query('UPDATE keycloak_sync_request SET attempts = 1 WHERE person_id = ?', [
      people[0]!.id,
    ]);
    await recovery.sweep();
    const completed = await job();
    expect(completed).toMatchObject({ status: 'completed', accountsSynced: 0, accountsFailed: 2 });
    expect(completed.error).toMatch(/2 Keycloak account\(s\) failed/);
    await harness.dataSource.query('DELETE FROM keycloak_sync_request WHERE person_id IN (?)', [
      people.map((person) => person.id),
    ]);
  });
});
