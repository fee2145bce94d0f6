import type { DataSource } from 'typeorm';
import type { NetworkAccessConfig } from '../network-access.config';
import { PersonDirectoryService } from './person-directory.service';

/** A projection table in memory standing in for the one SELECT the directory issues. */
function projection() {
  const state = { status: 'active', role: 'teacher' as string | null, queries: 0 };
  const dataSource = {
    query: async (_sql: string, [staffNo]: [string]) => {
      state.queries += 1;
      if (staffNo !== 'teacher.1') return [];
      return [
        {
          person_id: 'p-1',
          staff_no: staffNo,
          name: '张老师',
          school_code: '3101200001',
          status: state.status,
          role: state.role,
          ends_at: null,
        },
      ];
    },
  } as unknown as DataSource;
  return { state, dataSource };
}

const withTtl = (ttl: number) => ({ PERSON_CACHE_TTL_MS: ttl }) as NetworkAccessConfig;

describe('PersonDirectoryService cache', () => {
  it('answers repeated lookups from memory within the TTL, and reloads after it', async () => {
    const { state, dataSource } = projection();
    const directory = new PersonDirectoryService(dataSource, withTtl(5000));
    expect((await directory.findByStaffNo('teacher.1', 1000))?.roles).toEqual([
      { role: 'teacher', endsAt: null },
    ]);
    await directory.findByStaffNo('teacher.1', 5999);
    expect(state.queries).toBe(1);
    await directory.findByStaffNo('teacher.1', 6000);
    expect(state.queries).toBe(2);
  });

  it('sees a change applied by this instance at once, and does not cache a load racing its commit', async () => {
    const { state, dataSource } = projection();
    const directory = new PersonDirectoryService(dataSource, withTtl(5000));
    await directory.findByStaffNo('teacher.1', 1000);
    directory.invalidate('p-1', 'teacher.1', 1000);
    // The consumer's transaction has not committed yet: the old row is read but must not be remembered.
    expect((await directory.findByStaffNo('teacher.1', 1001))?.status).toBe('active');
    state.status = 'departed';
    expect((await directory.findByStaffNo('teacher.1', 1002))?.status).toBe('departed');
    expect(state.queries).toBe(3);
    // After the bypass window lookups are cached again.
    await directory.findByStaffNo('teacher.1', 3100);
    await directory.findByStaffNo('teacher.1', 3200);
    expect(state.queries).toBe(4);
  });

  it('invalidates by person id alone, caches unknown users briefly, and with TTL 0 never caches', async () => {
    const { state, dataSource } = projection();
    const directory = new PersonDirectoryService(dataSource, withTtl(5000));
    await directory.findByStaffNo('teacher.1', 1000);
    directory.invalidate('p-1', null, 1000);
    await directory.findByStaffNo('teacher.1', 1001);
    expect(state.queries).toBe(2);
    expect(await directory.findByStaffNo('nobody', 1000)).toBeUndefined();
    expect(await directory.findByStaffNo('nobody', 1001)).toBeUndefined();
    expect(state.queries).toBe(3);

    const uncached = projection();
    const direct = new PersonDirectoryService(uncached.dataSource, withTtl(0));
    await direct.findByStaffNo('teacher.1', 1000);
    await direct.findByStaffNo('teacher.1', 1000);
    expect(uncached.state.queries).toBe(2);
  });

  it('lets lookups that arrive while a reload runs share it, unless the person changed meanwhile', async () => {
    const { state, dataSource } = projection();
    const directory = new PersonDirectoryService(dataSource, withTtl(5000));
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => directory.findByStaffNo('teacher.1', 1000)),
    );
    expect(burst.every((person) => person?.status === 'active')).toBe(true);
    expect(state.queries).toBe(1);

    // A change lands while a reload is running: later lookups must not take the reload's old row.
    const racing = directory.findByStaffNo('teacher.1', 7000);
    directory.invalidate('p-1', 'teacher.1', 7000);
    state.status = 'departed';
    expect((await directory.findByStaffNo('teacher.1', 7001))?.status).toBe('departed');
    await racing;
    expect(state.queries).toBe(3);
  });
});
