import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { MysqlConnectionOptions } from 'typeorm/driver/mysql/MysqlConnectionOptions';
import { RosterImportJob } from '../src/roster-import/roster-import-job.entity';
import { RosterImportRecovery, writerLockName } from '../src/roster-import/roster-import-recovery';
import { Harness, startIdentity } from './identity-harness';

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
    const options = harness.dataSource.options as MysqlConnectionOptions;
    const writer = await mysql.createConnection({
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
    });
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
});
