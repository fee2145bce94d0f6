import { SentMarker } from './sent-marker';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('SentMarker', () => {
  it('writes ids handed over while an UPDATE runs in one following UPDATE, in order', async () => {
    const calls: string[][] = [];
    const gates = [deferred(), deferred()];
    const marker = new SentMarker(async (ids) => {
      calls.push(ids);
      await gates[calls.length - 1]!.promise;
    }, 100);
    await marker.add(['1', '2']);
    await marker.add(['3']);
    await marker.add(['4', '5']);
    expect(calls).toEqual([['1', '2']]);
    gates[0]!.resolve();
    gates[1]!.resolve();
    await marker.settle();
    expect(calls).toEqual([
      ['1', '2'],
      ['3', '4', '5'],
    ]);
  });

  it('makes add wait while more than maxPending ids are queued', async () => {
    const gate = deferred();
    const marker = new SentMarker(() => gate.promise, 2);
    await marker.add(['1']);
    let added = false;
    const adding = marker.add(['2', '3', '4']).then(() => (added = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(added).toBe(false);
    gate.resolve();
    await adding;
    expect(added).toBe(true);
    await marker.settle();
  });

  it('reports a failed UPDATE once at settle and keeps marking later ids', async () => {
    const written: string[][] = [];
    let fail = true;
    const marker = new SentMarker(async (ids) => {
      if (fail) {
        fail = false;
        throw new Error('lock wait timeout');
      }
      written.push(ids);
    }, 100);
    await marker.add(['1']);
    await expect(marker.settle()).rejects.toThrow('lock wait timeout');
    await marker.add(['2']);
    await marker.settle();
    expect(written).toEqual([['2']]);
  });
});
