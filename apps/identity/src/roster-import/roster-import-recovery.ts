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

/**
 * Releases the lock as the transaction's last statement. The job row was set to `provisioning` in the
 * same transaction, so a sweep seeing the lock free before the commit waits on that row and then finds it
 * no longer `writing`.
 */
export async function releaseWriterLock(manager: EntityManager, jobId: string): Promise<void> {
  await manager.query('DO RELEASE_LOCK(?)', [writerLockName(jobId)]);
}

/**
 * Finds imports whose writer died: a job still `writing` whose lock nobody holds was rolled back (the rows
 * and the job's move to `provisioning` commit together), so it is marked failed with nothing imported
 * instead of showing a half-written import for ever. Runs at start and periodically, on every instance.
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

  /** Marks abandoned imports failed; returns how many. */
  async sweep(): Promise<number> {
    const jobs = this.dataSource.getRepository(RosterImportJob);
    const writing = await jobs.find({
      where: { status: 'writing', createdAt: LessThan(new Date(Date.now() - START_GRACE_MS)) },
      select: { id: true },
    });
    let abandoned = 0;
    for (const { id } of writing) {
      const [row] = (await this.dataSource.query('SELECT IS_USED_LOCK(?) AS holder', [
        writerLockName(id),
      ])) as {
        holder: number | string | null;
      }[];
      if (row?.holder !== null && row?.holder !== undefined) continue;
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
}
