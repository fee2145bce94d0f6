import { randomBytes } from 'node:crypto';

/**
 * Eight hex characters naming one test run's databases, topics, consumer groups and accounts, so suites
 * running at the same time (or left over from a crash) never share anything.
 */
export function uniqueRunId(): string {
  return randomBytes(4).toString('hex');
}
