import { DataSource } from 'typeorm';
import { TemporaryDatabase, temporaryDatabase } from '@edubase/testing';
import { runOnceAcrossInstances } from '../src';

/** Two "instances": two DataSources (own pools, own connections) on one database. */
describe('runOnceAcrossInstances (a periodic job run by one replica at a time)', () => {
  let database: TemporaryDatabase;
  let other: TemporaryDatabase;
  const sources: DataSource[] = [];
  const open = async (on: TemporaryDatabase) => {
    const source = new DataSource({ type: 'mysql', ...on.connection, username: on.connection.user });
    sources.push(await source.initialize());
    return source;
  };

  beforeAll(async () => {
    database = await temporaryDatabase('once_a');
    other = await temporaryDatabase('once_b');
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database?.drop();
    await other?.drop();
  });

  it('skips the round on the instance that finds the job running elsewhere, and runs it once the other ends', async () => {
    const [a, b] = [await open(database), await open(database)];
    let release = (): void => undefined;
    const running = runOnceAcrossInstances(
      a,
      'partitions',
      () => new Promise<string>((resolve) => (release = () => resolve('a ran'))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // a holds the lock now
    expect(await runOnceAcrossInstances(b, 'partitions', () => Promise.resolve('b ran'))).toEqual({
      ran: false,
    });
    // Another job, or the same job of another database, is not held up.
    expect(await runOnceAcrossInstances(b, 'retention', () => Promise.resolve('b ran'))).toEqual({
      ran: true,
      result: 'b ran',
    });
    const elsewhere = await open(other);
    expect(await runOnceAcrossInstances(elsewhere, 'partitions', () => Promise.resolve('c ran'))).toEqual({
      ran: true,
      result: 'c ran',
    });
    release();
    expect(await running).toEqual({ ran: true, result: 'a ran' });
    expect(await runOnceAcrossInstances(b, 'partitions', () => Promise.resolve('b ran'))).toEqual({
      ran: true,
      result: 'b ran',
    });
  });

  it('releases the lock when the job fails', async () => {
    const [a, b] = [await open(database), await open(database)];
    await expect(runOnceAcrossInstances(a, 'sweep', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await runOnceAcrossInstances(b, 'sweep', () => Promise.resolve(1))).toEqual({
      ran: true,
      result: 1,
    });
  });
});
