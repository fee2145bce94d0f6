import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { RosterImportJob } from './roster-import-job.entity';

/** How often abandoned imports are looked for, and how old a job must be before it can be abandoned. */
const SWEEP_INTERVAL_MS = 30_000;
const START_GRACE_MS = 30_000;

/** The MariaDB named lock the writing transaction's connection holds while it writes a job's rows. */
export function writerLockName(jobId: string): string {
  return `edubase.roster-import.${jobId}`;
}

/**
 * Held by the connection of the transaction writing the rows. A named lock lives exactly as long as its
 * connection: a writer killed (kill -9, a lost node) or a MariaDB restart frees it with the rollback.
 */
export async function holdWriterLock(manager: EntityManager, jobId: string): Promise<void> {
  const [row] = (await manager.query('SELECT GET_LOCK(?, 0) AS held', [writerLockName(jobId)])) as {
    held: number | string | null;
  }[];
  if (Number(row?.held) !== 1) throw new Error(`roster import ${jobId} is already being written`);
}

/** The named lock an import's worker holds, on a connection of its own, from before its commit to its end. */
export function workerLockName(jobId: string): string {
  return `edubase.roster-import.${jobId}.worker`;
}

/**
 * Taken before the rows' transaction starts and held until the accounts are provisioned (or the worker
 * stops), on a dedicated connection: a `provisioning` job whose worker lock is free has no worker left (it
 * stopped, was killed, or lost MariaDB), and recovery finishes it from the Keycloak sync outbox. Resolves to
 * the release function.
 */
export async function holdWorkerLock(dataSource: DataSource, jobId: string): Promise<() => Promise<void>> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 0) AS held', [workerLockName(jobId)])) as {
      held: number | string | null;
    }[];
    if (Number(row?.held) !== 1) throw new Error(`roster import ${jobId} already has a worker`);
  } catch (error) {
    await runner.release();
    throw error;
  }
  return async () => {
    await runner.query('DO RELEASE_LOCK(?)', [workerLockName(jobId)]).catch(() => undefined);
    await runner.release();
  };
}

/** The job's message when some accounts failed: the same whether the worker or recovery finished the job. */
export function accountsFailedMessage(failed: number): string {
  return `${failed} Keycloak account(s) failed; they are retried until Keycloak takes them (see person.keycloak.syncError).`;
}

/**
 * Releases the lock as the transaction's last statement. The job row was set to `provisioning` in the
 * same transaction, so a sweep seeing the lock free before the commit waits on that row and then finds it
 * no longer `writing`.
 */
export async function releaseWriterLock(manager: EntityManager, jobId: string): Promise<void> {
  await manager.query('DO RELEASE_LOCK(?)', [writerLockName(jobId)]);
}

/**
 * Finds imports whose worker died. A job still `writing` whose writer lock nobody holds was rolled back (the
 * rows and the job's move to `provisioning` commit together), so it is marked failed with nothing imported
 * instead of showing a half-written import for ever. A job `provisioning` whose worker lock nobody holds
 * had its rows committed and its accounts requested in the Keycloak sync outbox, whose retry loop creates
 * them: its counts are read from that outbox, and it is completed once every account was created or tried.
 * Runs at start and periodically, on every instance.
 */
@Injectable()
export class RosterImportRecovery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RosterImportRecovery.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const sweep = () =>
      this.sweep().catch((error: Error) =>
        this.logger.warn(`abandoned import sweep failed: ${error.message}`),
      );
    void sweep();
    this.timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Marks abandoned imports failed and finishes orphaned provisioning; returns how many jobs it changed. */
  async sweep(): Promise<number> {
    return (await this.failAbandonedWrites()) + (await this.finishOrphanedProvisioning());
  }

  private async lockHeld(name: string): Promise<boolean> {
    const [row] = (await this.dataSource.query('SELECT IS_USED_LOCK(?) AS holder', [name])) as {
      holder: number | string | null;
    }[];
    return row?.holder !== null && row?.holder !== undefined;
  }

  private async failAbandonedWrites(): Promise<number> {
    const jobs = this.dataSource.getRepository(RosterImportJob);
    const writing = await jobs.find({
      where: { status: 'writing', createdAt: LessThan(new Date(Date.now() - START_GRACE_MS)) },
      select: { id: true },
    });
    let abandoned = 0;
    for (const { id } of writing) {
      if (await this.lockHeld(writerLockName(id))) continue;
      const result = await jobs.update(
        { id, status: 'writing' },
        {
          status: 'failed',
          writtenRows: 0,
          error:
            'Nothing was imported: the import was interrupted (its service or the database stopped). Upload the file again.',
          finishedAt: new Date(),
        },
      );
      if (result.affected) {
        abandoned += 1;
        this.logger.warn(`Roster import ${id} was interrupted and rolled back; marked failed`);
      }
    }
    return abandoned;
  }

  /**
   * A `provisioning` job without a worker: its staff's requests still in the outbox are the accounts not
   * created yet; those the retry loop tried already (attempts > 0) count as failed, as the worker counts
   * them. The job completes once no request is left untried; until then only its counts move.
   */
  private async finishOrphanedProvisioning(): Promise<number> {
    const jobs = this.dataSource.getRepository(RosterImportJob);
    const provisioning = await jobs.find({
      where: { status: 'provisioning' },
      select: { id: true, accountsTotal: true },
    });
    let finished = 0;
    for (const { id, accountsTotal } of provisioning) {
      if (await this.lockHeld(workerLockName(id))) continue;
      const [outbox] = (await this.dataSource.query(
        `SELECT COUNT(*) AS pending, COALESCE(SUM(request.attempts > 0), 0) AS tried
           FROM roster_import_person imported
           JOIN keycloak_sync_request request ON request.person_id = imported.person_id
          WHERE imported.job_id = ?`,
        [id],
      )) as { pending: string | number; tried: string | number }[];
      const pending = Number(outbox?.pending ?? 0);
      const failed = Number(outbox?.tried ?? 0);
      const counts = { accountsSynced: Math.max(0, accountsTotal - pending), accountsFailed: failed };
      if (pending > failed) {
        await jobs.update({ id, status: 'provisioning' }, counts);
        continue;
      }
      const result = await jobs.update(
        { id, status: 'provisioning' },
        {
          ...counts,
          status: 'completed',
          finishedAt: new Date(),
          ...(failed > 0 ? { error: accountsFailedMessage(failed) } : {}),
        },
      );
      if (result.affected) {
        finished += 1;
        this.logger.warn(
          `Roster import ${id} lost its worker after commit; completed from the Keycloak sync outbox`,
        );
      }
    }
    return finished;
  }
}
