import { ConflictException } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * Runs a job while holding a MariaDB named lock, so two replicas (or a timer and an API call) never run
 * the same job at once; the second caller gets 409 instead of waiting.
 */
export async function runExclusively<T>(
  dataSource: DataSource,
  lockName: string,
  job: () => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 0) AS acquired', [lockName])) as {
      acquired: number | string;
    }[];
    if (Number(row?.acquired) !== 1)
      throw new ConflictException(`${lockName} is already running; try again when it ends.`);
    try {
      return await job();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    await runner.release();
  }
}
