import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommitter } from './group-commit';

/** A data source whose transactions run the callback at once; applyBatch decides when each one ends. */
const dataSource = {
  transaction: <R>(work: (manager: EntityManager) => Promise<R>) => work({} as EntityManager),
} as unknown as DataSource;

interface Op {
  key: string | null;
  fail?: boolean;
}

function harness(maxInFlight: number) {
  const batches: string[][] = [];
  const releases: Array<() => void> = [];
  const committer = new GroupCommitter<Op, string>(
    dataSource,
    async (_manager, operations) => {
      batches.push(operations.map((operation) => operation.key ?? 'barrier'));
      await new Promise<void>((resolve) => releases.push(resolve));
      if (operations.some((operation) => operation.fail)) throw new Error('constraint violated');
      return operations.map((operation) => `ok ${operation.key ?? 'barrier'}`);
    },
    {
      maxBatch: 100,
      maxInFlight,
      conflictKeys: (operation) => (operation.key === null ? null : [operation.key]),
    },
  );
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await turn();
    }
  };
  return { batches, releases, committer, turn, releaseAll };
}

describe('GroupCommitter', () => {
  it('puts what is submitted in one turn into one transaction and answers each caller', async () => {
    const { batches, committer, turn, releaseAll } = harness(1);
    const results = ['a', 'b', 'a'].map((key) => committer.submit({ key }));
    await turn();
    expect(batches).toEqual([['a', 'b', 'a']]);
    await releaseAll();
    expect(await Promise.all(results)).toEqual(['ok a', 'ok b', 'ok a']);
  });

  it('starts the next batch while one commits, but holds back an operation on a key in flight', async () => {
    const { batches, releases, committer, turn, releaseAll } = harness(2);
    const first = committer.submit({ key: 'a' });
    await turn();
    const later = ['b', 'c', 'a', 'd'].map((key) => committer.submit({ key }));
    await turn();
    // 'a' is still being written: it and everything after it wait, so arrival order is kept per key.
    expect(batches).toEqual([['a'], ['b', 'c']]);
    releases.shift()!();
    await first;
    await turn();
    expect(batches).toEqual([['a'], ['b', 'c'], ['a', 'd']]);
    await releaseAll();
    expect(await Promise.all(later)).toEqual(['ok b', 'ok c', 'ok a', 'ok d']);
  });

  it('runs a barrier alone, after what came before it and before what comes after', async () => {
    const { batches, committer, turn, releaseAll } = harness(2);
    const results = [committer.submit({ key: 'a' })];
    await turn();
    results.push(committer.submit({ key: null }), committer.submit({ key: 'b' }));
    await turn();
    expect(batches).toEqual([['a']]);
    await releaseAll();
    await Promise.all(results);
    expect(batches).toEqual([['a'], ['barrier'], ['b']]);
    await committer.whenIdle();
  });

  it('retries a failed batch one operation per transaction so only the bad one fails', async () => {
    const { batches, committer, turn, releaseAll } = harness(1);
    const good = committer.submit({ key: 'a' });
    const bad = committer.submit({ key: 'b', fail: true }).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    const alsoGood = committer.submit({ key: 'c' });
    await turn();
    await releaseAll();
    expect(await bad).toBe('constraint violated');
    expect(await good).toBe('ok a');
    expect(await alsoGood).toBe('ok c');
    expect(batches).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });
});
