import {
  BeforeApplicationShutdown,
  ForbiddenException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '@edubase/auth';
import type { RosterDryRunReport, RosterImportJobView as JobAnswer } from '@edubase/contracts/api/identity';
import { ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';
import { UploadRefusal, uploadProblem } from '@edubase/uploads';
import { IdentityConfig } from '../identity.config';
import { KeycloakSyncService } from '../keycloak/keycloak-sync.service';
import { OrgUnit } from '../org/org-unit.entity';
import { PeopleWriter } from '../people/people-writer';
import { Person } from '../people/person.entity';
import type { PersonDraft } from '../people/person-rules';
import { assertCanWrite, canWriteSchool, defaultWriteSchool } from '../shared/access-policy';
import { invalidField } from '../shared/problems';
import type { RosterField } from './roster-columns';
import { readRoster } from './roster-file';
import {
  accountsFailedMessage,
  holdWorkerLock,
  holdWriterLock,
  releaseWriterLock,
} from './roster-import-recovery';
import { RosterImportJob } from './roster-import-job.entity';
import { RosterImportPerson } from './roster-import-person.entity';
import type { RosterImportQuery } from './roster-import.dto';
import { RosterContext, RosterRecord, validateRoster } from './roster-validation';

/** Rows per call to PeopleWriter: the job's `writtenRows` advances after each. */
const CHUNK = 500;
/** Keycloak accounts created at once after commit; Keycloak on a small machine saturates beyond this. */
const SYNC_CONCURRENCY = 4;

type RosterRecordValues = Partial<Record<RosterField, string>>;

export type DryRunReport = RosterDryRunReport;

export function jobView(job: RosterImportJob): RosterImportJobView {
  const done = job.writtenRows + job.accountsSynced + job.accountsFailed;
  const all = job.totalRows + job.accountsTotal;
  return {
    id: job.id,
    status: job.status,
    schoolCode: job.schoolCode,
    format: job.format,
    totalRows: job.totalRows,
    writtenRows: job.writtenRows,
    accounts: { total: job.accountsTotal, synced: job.accountsSynced, failed: job.accountsFailed },
    /** 0..1 over both phases: rows written, then Keycloak accounts provisioned. */
    progress: job.status === 'completed' ? 1 : all === 0 ? 0 : Math.min(1, done / all),
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    committedAt: job.committedAt,
    finishedAt: job.finishedAt,
  };
}
/** What the API answers, with Dates until JSON writes them as ISO strings. */
export type RosterImportJobView = JobAnswer<Date>;

/** A checked row as the people domain takes it: its roles are school roles of the row's school. */
const draftOf = (record: RosterRecord): PersonDraft => ({
  kind: record.kind,
  name: record.name,
  orgId: record.orgId,
  staffNo: record.staffNo,
  studentNo: record.studentNo,
  mobile: record.mobile,
  email: record.email,
  idCardNo: record.idCardNo,
  birthDate: record.birthDate,
  roles: record.roles.map((role) => ({ role, scope: 'school', schoolCode: record.schoolCode })),
});

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * Bulk roster import (花名册导入) for school admins: parse, check every row, then create everyone in one
 * transaction through PeopleWriter (the people domain's bulk path: people, role grants, audit rows, outbox
 * events and Keycloak sync requests in multi-row INSERTs) and provision the staff's Keycloak accounts after
 * commit, batched, while the job's counters show progress.
 */
@Injectable()
export class RosterImportService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RosterImportService.name);
  /** Background work still running: awaited on shutdown so no half-updated job is left by a clean stop. */
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleWriter,
    private readonly keycloak: KeycloakSyncService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async dryRun(file: Buffer, query: RosterImportQuery, user: AuthenticatedUser): Promise<DryRunReport> {
    const checked = await this.check(file, query, user);
    return {
      dryRun: true,
      format: checked.format,
      totalRows: checked.totalRows,
      validRows: checked.records.length,
      errors: checked.errors,
    };
  }

  /** Checks the whole file; any error refuses it (400 listing every error) and nothing is written. */
  async start(file: Buffer, query: RosterImportQuery, user: AuthenticatedUser): Promise<RosterImportJobView> {
    const checked = await this.check(file, query, user);
    if (checked.errors.length > 0)
      throw new ProblemException({
        status: HttpStatus.BAD_REQUEST,
        type: VALIDATION_PROBLEM_TYPE,
        title: 'Roster rejected',
        detail: `${checked.errors.length} problem(s) in ${new Set(checked.errors.map((error) => error.row)).size} row(s); nothing was imported. Fix them and upload the file again.`,
        extensions: {
          errors: checked.errors.map((error) => ({ ...error, field: `row ${error.row} ${error.column}` })),
        },
      });
    if (checked.records.length === 0) throw invalidField('file', 'the file holds no data rows');
    const job = this.dataSource.getRepository(RosterImportJob).create({
      id: randomUUID(),
      schoolCode: checked.schoolCode,
      format: checked.format,
      status: 'writing',
      totalRows: checked.records.length,
      writtenRows: 0,
      accountsTotal: checked.records.filter((record) => record.kind === 'staff').length,
      accountsSynced: 0,
      accountsFailed: 0,
      error: null,
      createdBy: user.username,
      committedAt: null,
      finishedAt: null,
    });
    await this.dataSource.getRepository(RosterImportJob).insert(job);
    const work = this.run(job.id, checked.records, user).finally(() => this.running.delete(work));
    this.running.add(work);
    return this.get(job.id, user);
  }

  async get(id: string, user: AuthenticatedUser): Promise<RosterImportJobView> {
    const job = await this.dataSource.getRepository(RosterImportJob).findOneBy({ id });
    if (!job) throw new NotFoundException(`No roster import ${id}.`);
    if (!canWriteSchool(user, job.schoolCode))
      throw new ForbiddenException(
        'A school administrator sees only the imports of the school they administer.',
      );
    return jobView(job);
  }

  /** Waits for background imports (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /**
   * A stop lets the open transaction finish (or roll back) and the accounts being created complete; the
   * rest stay in the Keycloak sync outbox (any instance's retry loop creates them), and the job stays
   * `provisioning` until RosterImportRecovery (any instance) finishes it from that outbox.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.settled();
  }

  private async check(file: Buffer, query: RosterImportQuery, user: AuthenticatedUser) {
    const schoolCode = query.schoolCode ?? defaultWriteSchool(user);
    if (schoolCode) assertCanWrite(user, schoolCode);
    let roster;
    try {
      // More rows than UPLOAD_MAX_ROWS belong in several files (or in SCIM from the HR system).
      roster = await readRoster(file, this.config.uploadLimits);
    } catch (error) {
      if (error instanceof UploadRefusal) throw uploadProblem(error);
      throw error;
    }
    // A school admin imports into their own school only: a row naming another school is that row's error.
    const namedSchools = new Set(
      roster.rows.flatMap((row) => (row.values.schoolCode ? [row.values.schoolCode] : [])),
    );
    const context = await this.contextFor(
      roster.rows.map((row) => row.values),
      schoolCode,
      namedSchools,
      (code) => canWriteSchool(user, code),
    );
    if (schoolCode && !context.schools.has(schoolCode))
      throw invalidField('schoolCode', `no school with 学校标识码 ${schoolCode}`);
    const { errors, records } = validateRoster(roster, context);
    return { format: roster.format, totalRows: roster.rows.length, errors, records, schoolCode };
  }

  private async contextFor(
    rows: RosterRecordValues[],
    schoolCode: string | null,
    namedSchools: ReadonlySet<string>,
    writable: (schoolCode: string) => boolean,
  ): Promise<RosterContext> {
    const codes = [...new Set([...namedSchools, ...(schoolCode ? [schoolCode] : [])])].filter((code) =>
      /^\d{10}$/.test(code),
    );
    const units = codes.length
      ? await this.dataSource.getRepository(OrgUnit).find({
          where: [
            { schoolCode: In(codes), kind: 'school' },
            { owningSchoolCode: In(codes), kind: 'department' },
          ],
        })
      : [];
    const schools = new Map(
      units.filter((unit) => unit.kind === 'school').map((unit) => [unit.schoolCode!, unit.id]),
    );
    const departments = new Map(
      units
        .filter((unit) => unit.kind === 'department')
        .map((unit) => [`${unit.owningSchoolCode}/${unit.name}`, unit.id]),
    );
    const taken = async (column: string, values: string[]): Promise<Set<string>> => {
      const found = new Set<string>();
      for (const chunk of chunks([...new Set(values)], 1000)) {
        const rowsFound = (await this.dataSource.query(
          `SELECT ${column} AS value FROM person WHERE ${column} IN (?)`,
          [chunk],
        )) as { value: string }[];
        for (const { value } of rowsFound)
          found.add(column === 'staff_no' || column === 'email' ? value.toLowerCase() : value);
      }
      return found;
    };
    const present = (
      field: keyof RosterRecordValues,
      transform: (value: string) => string = (value) => value,
    ) => rows.flatMap((values) => (values[field] ? [transform(values[field])] : []));
    return {
      defaultSchoolCode: schoolCode,
      writable,
      schools,
      departments,
      existing: {
        staffNos: await taken('staff_no', present('staffNo')),
        studentNos: await taken('student_no', present('studentNo')),
        idCardNos: await taken(
          'id_card_no',
          present('idCardNo', (value) => value.toUpperCase()),
        ),
        emails: await taken('email', present('email')),
      },
    };
  }

  /**
   * Never rejects: a failure is the job's `failed` status. The rows and the job's move to `provisioning`
   * commit together, under a lock held by the transaction's connection, so a writer that dies (or loses
   * MariaDB) leaves a job that RosterImportRecovery finds and marks failed: never a half-written import.
   * The worker lock, held from before the commit to the end of provisioning, tells recovery that a
   * `provisioning` job still has its worker; without it, recovery finishes the job from the outbox.
   */
  private async run(jobId: string, records: RosterRecord[], user: AuthenticatedUser): Promise<void> {
    let releaseWorker: () => Promise<void>;
    try {
      releaseWorker = await holdWorkerLock(this.dataSource, jobId);
    } catch (error) {
      // MariaDB is gone: nothing was written, and the sweep marks the job failed once it is back.
      this.logger.error(`Roster import ${jobId} could not start: ${(error as Error).message}`);
      return;
    }
    try {
      await this.writeAndProvision(jobId, records, user);
    } finally {
      await releaseWorker();
    }
  }

  private async writeAndProvision(
    jobId: string,
    records: RosterRecord[],
    user: AuthenticatedUser,
  ): Promise<void> {
    const jobs = this.dataSource.getRepository(RosterImportJob);
    try {
      await this.dataSource.transaction(async (manager) => {
        await holdWriterLock(manager, jobId);
        try {
          let written = 0;
          for (const chunk of chunks(records, CHUNK)) {
            const people = await this.people.createPeople(manager, chunk.map(draftOf), user, {
              source: 'roster-import',
            });
            const staff = people.filter((person) => person.kind === 'staff');
            // Whose accounts this job waits for, should its worker be gone before they are created.
            if (staff.length > 0)
              await manager.insert(
                RosterImportPerson,
                staff.map((person) => ({ jobId, personId: person.id })),
              );
            written += chunk.length;
            // Through another connection: progress is visible while the transaction is still open.
            await jobs.update({ id: jobId }, { writtenRows: written });
          }
          await manager.update(
            RosterImportJob,
            { id: jobId },
            { status: 'provisioning', committedAt: new Date() },
          );
        } finally {
          // Before the commit or rollback, on the transaction's own connection (it goes back to the pool).
          await releaseWriterLock(manager, jobId).catch(() => undefined);
        }
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Roster import ${jobId} rolled back: ${message}`);
      await jobs
        .update(
          { id: jobId, status: 'writing' },
          {
            status: 'failed',
            writtenRows: 0,
            error: `Nothing was imported: ${message}`.slice(0, 1000),
            finishedAt: new Date(),
          },
        )
        .catch((reportError: Error) =>
          // MariaDB itself is gone: the recovery sweep marks the job failed once it is back.
          this.logger.error(`Roster import ${jobId}: could not record the failure: ${reportError.message}`),
        );
      return;
    }
    await this.provision(jobId, records).catch((error: Error) =>
      // The rows are committed; the accounts stay in the Keycloak sync outbox and are retried from there.
      this.logger.error(`Roster import ${jobId}: provisioning stopped: ${error.message}`),
    );
  }

  /**
   * Keycloak accounts after commit, a few at a time, for the job's progress. Each is an outbox request
   * written with the rows: one already synced by the retry loop is counted as done, and a failure stays
   * in the outbox, retried with back-off.
   */
  private async provision(jobId: string, records: RosterRecord[]): Promise<void> {
    const jobs = this.dataSource.getRepository(RosterImportJob);
    const staffNos = records.flatMap((record) =>
      record.kind === 'staff' && record.staffNo ? [record.staffNo] : [],
    );
    let synced = 0;
    let failed = 0;
    let lastReport = Date.now();
    const report = async () => {
      lastReport = Date.now();
      await jobs.update({ id: jobId }, { accountsSynced: synced, accountsFailed: failed });
    };
    for (const batch of chunks(staffNos, 200)) {
      if (this.stopping) return report();
      const people = await this.dataSource
        .getRepository(Person)
        .find({ where: { staffNo: In(batch) }, select: ['id'] });
      const queue = people.map((person) => person.id);
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined && !this.stopping; id = queue.shift()) {
          const outcome = await this.keycloak.syncIfRequested(id);
          if (outcome?.error) failed++;
          else synced++;
          if (Date.now() - lastReport > 1000) await report();
        }
      };
      await Promise.all(Array.from({ length: SYNC_CONCURRENCY }, worker));
    }
    if (this.stopping) return report();
    await jobs.update(
      { id: jobId },
      {
        status: 'completed',
        accountsSynced: synced,
        accountsFailed: failed,
        finishedAt: new Date(),
        ...(failed > 0
          ? {
              error: accountsFailedMessage(failed),
            }
          : {}),
      },
    );
  }
}
