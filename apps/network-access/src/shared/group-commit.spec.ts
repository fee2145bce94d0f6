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
  /** What ran after its transaction committed, and each rollback, in order. */
  const outcomes: string[] = [];
  const committer = new GroupCommitter<Op, string>(
    dataSource,
    async (_manager, operations, afterCommit) => {
      const keys = operations.map((operation) => operation.key ?? 'barrier');
      batches.push(keys);
      afterCommit(() => outcomes.push(`committed ${keys.join(',')}`));
      await new Promise<void>((resolve) => releases.push(resolve));
      if (operations.some((operation) => operation.fail)) throw new Error('constraint violated');
      return operations.map((operation) => `ok ${operation.key ?? 'barrier'}`);
    },
    {
      maxBatch: 100,
      maxInFlight,
      conflictKeys: (operation) => (operation.key === null ? null : [operation.key]),
      onRollback: () => outcomes.push('rolled back'),
    },
  );
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await turn();
    }
  };
  return { batches, releases, outcomes, committer, turn, releaseAll };
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
    const { batches, outcomes, committer, turn, releaseAll } = harness(1);
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
    // After-commit work runs only for the transactions that committed, each before its caller hears.
    expect(outcomes).toEqual(['rolled back', 'committed a', 'rolled back', 'committed c']);
  });

  it('runs after-commit work before answering, and a failing one neither retries nor rejects the batch', async () => {
    const errors: unknown[] = [];
    let answeredAfter = '';
    let transactions = 0;
    const committer = new GroupCommitter<Op, string>(
      dataSource,
      async (_manager, operations, afterCommit) => {
        transactions += 1;
        afterCommit(() => {
          throw new Error('cache full');
        });
        afterCommit(() => (answeredAfter = 'cached'));
        return operations.map(() => answeredAfter);
      },
      { maxBatch: 100, onError: (error) => errors.push(error) },
    );
    const first = committer.submit({ key: 'a' }).then((value) => `${value} then ${answeredAfter}`);
    expect(await first).toBe(' then cached');
    expect(transactions).toBe(1);
    expect(errors).toEqual([new Error('cache full')]);
  });
});
