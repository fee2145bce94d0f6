// What the bench scripts read of the other processes they measure (a broker, MariaDB, a server under load):
// their pid, and their CPU time from /proc (utime + stime, all threads).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** The oldest process whose command line matches `pattern` (`pgrep -f`), or null. */
export function oldestPid(pattern) {
  const found = spawnSync('pgrep', ['-o', '-f', pattern], { encoding: 'utf8' }).stdout.trim();
  return found ? Number(found) : null;
}

/** The MariaDB server running on this machine, or null. */
export const mariadbPid = () => oldestPid('^(/usr/s?bin/)?(mariadbd|mysqld)( |$)');

/** CPU seconds a process has used so far, user and system; null when it cannot be read (gone, or no pid). */
export function cpuSecondsOf(pid) {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of proc(5); the slice starts at field 3.
    return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
  } catch {
    return null;
  }
}
