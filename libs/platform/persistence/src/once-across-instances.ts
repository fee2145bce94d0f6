import type { DataSource } from 'typeorm';

export type OnceOutcome<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs a job only if no other instance of the service (same database) is running it now: a MariaDB named
 * lock `<database>.<job>` taken without waiting on a connection of its own, released when the job ends or,
 * if the process dies, when MariaDB drops its connection. For periodic jobs every replica schedules (partition
 * maintenance, retention, sweeps): the replica that finds the lock held skips this round, so two never run
 * the same destructive statements at once. Not a leader election; each round is decided afresh.
 */
export async function runOnceAcrossInstances<T>(
  dataSource: DataSource,
  job: string,
  work: () => Promise<T>,
): Promise<OnceOutcome<T>> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query("SELECT GET_LOCK(CONCAT(DATABASE(), '.', ?), 0) AS acquired", [
      job,
    ])) as Array<{ acquired: number | string | null }>;
    if (Number(row?.acquired) !== 1) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await runner.query("DO RELEASE_LOCK(CONCAT(DATABASE(), '.', ?))", [job]);
    }
  } finally {
    await runner.release();
  }
}
