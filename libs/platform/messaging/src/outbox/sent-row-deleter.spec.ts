import { SentRowDeleter } from './sent-row-deleter';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('SentRowDeleter', () => {
  it('deletes ids handed over while a DELETE runs with one following DELETE, in order', async () => {
    const calls: string[][] = [];
    const gates = [deferred(), deferred()];
    const deleter = new SentRowDeleter(async (ids) => {
      calls.push(ids);
      await gates[calls.length - 1]!.promise;
    }, 100);
    await deleter.add(['1', '2']);
    await deleter.add(['3']);
    await deleter.add(['4', '5']);
    expect(calls).toEqual([['1', '2']]);
    gates[0]!.resolve();
    gates[1]!.resolve();
    await deleter.settle();
    expect(calls).toEqual([
      ['1', '2'],
      ['3', '4', '5'],
    ]);
  });

  it('makes add wait while more than maxPending ids are queued', async () => {
    const gate = deferred();
    const deleter = new SentRowDeleter(() => gate.promise, 2);
    await deleter.add(['1']);
    let added = false;
    const adding = deleter.add(['2', '3', '4']).then(() => (added = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(added).toBe(false);
    gate.resolve();
    await adding;
    expect(added).toBe(true);
    await deleter.settle();
  });

  it('reports a failed DELETE once at settle and keeps deleting later ids', async () => {
    const written: string[][] = [];
    let fail = true;
    const deleter = new SentRowDeleter(async (ids) => {
      if (fail) {
        fail = false;
        throw new Error('lock wait timeout');
      }
      written.push(ids);
    }, 100);
    await deleter.add(['1']);
    await expect(deleter.settle()).rejects.toThrow('lock wait timeout');
    await deleter.add(['2']);
    await deleter.settle();
    expect(written).toEqual([['2']]);
  });
});
