import type { DataSource } from 'typeorm';
import { ChangesElsewhere } from './changes-elsewhere';

const ID_A = '0190f3a2-0000-7000-8000-00000000000a';
const ID_B = '0190f3a2-0000-7000-8000-00000000000b';

/** A ledger holding these ids (the processed_event rows another instance committed). */
function ledger(committed: Set<string>): { dataSource: DataSource; groups: unknown[] } {
  const groups: unknown[] = [];
  const dataSource = {
    query: (_sql: string, [group, keys]: [string, Buffer[]]) => {
      groups.push(group);
      return Promise.resolve(
        keys
          .map((key) => key.toString('hex'))
          .filter((hex) => committed.has(hex))
          .map((id) => ({ id })),
      );
    },
  } as unknown as DataSource;
  return { dataSource, groups };
}

const fail = (error: Error): never => {
  throw error;
};
const hexOf = (id: string) => id.replace(/-/g, '');
const heard = (eventId: string, schoolCode?: string) => ({
  topic: 'identity.person.created.v1',
  eventId,
  envelope: schoolCode ? { schoolCode } : {},
});

describe('ChangesElsewhere (live push of what another instance committed)', () => {
  const check = (elsewhere: ChangesElsewhere) => (elsewhere as unknown as { check(): Promise<void> }).check();

  it('marks an event scopes changed only once the ledger shows it committed, then forgets it', async () => {
    const committed = new Set<string>();
    const { dataSource, groups } = ledger(committed);
    const changed: string[][] = [];
    const elsewhere = new ChangesElsewhere(
      dataSource,
      'cockpit-projections',
      250,
      (s) => changed.push(s),
      () => true,
      fail,
    );
    elsewhere.heard(heard(ID_A, '3101200001'));
    await check(elsewhere);
    expect(changed).toEqual([]);
    expect(elsewhere.waiting).toBe(1);

    committed.add(hexOf(ID_A));
    await check(elsewhere);
    expect(changed).toEqual([['district', '3101200001']]);
    expect(elsewhere.waiting).toBe(0);
    expect(groups).toEqual(['cockpit-projections', 'cockpit-projections']);
  });

  it('ignores events nobody here watches and those this instance committed itself', async () => {
    const { dataSource } = ledger(new Set([hexOf(ID_A), hexOf(ID_B)]));
    let watched = false;
    const changed: string[][] = [];
    const elsewhere = new ChangesElsewhere(
      dataSource,
      'g',
      250,
      (s) => changed.push(s),
      () => watched,
      fail,
    );
    elsewhere.heard(heard(ID_A));
    expect(elsewhere.waiting).toBe(0);

    watched = true;
    elsewhere.heard(heard(ID_B));
    elsewhere.committedHere([{ id: ID_B } as never]);
    await check(elsewhere);
    expect(changed).toEqual([]);
  });

  it('pushes an event never seen committed after a minute anyway (its figures are read fresh)', async () => {
    const { dataSource } = ledger(new Set());
    const changed: string[][] = [];
    const elsewhere = new ChangesElsewhere(
      dataSource,
      'g',
      250,
      (s) => changed.push(s),
      () => true,
      fail,
    );
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    elsewhere.heard(heard(ID_A));
    now.mockReturnValue(1_000_000 + 61_000);
    await check(elsewhere);
    now.mockRestore();
    expect(changed).toEqual([['district']]);
  });
});
