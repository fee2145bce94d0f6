import { canonicalJson, entryHash, GENESIS_HASH, type HashedEntry } from './chain-hash';

const entry: HashedEntry = {
  seq: '1',
  prevHash: GENESIS_HASH,
  occurredAt: new Date('2026-12-05T08:00:00.123Z'),
  actorId: 'kc-1',
  actorKind: 'person',
  actorName: 'district.admin',
  action: 'person.update',
  subjectType: 'person',
  subjectId: 'p-1',
  schoolCode: '3101200001',
  detail: canonicalJson({ before: { name: '王丽华' }, after: { name: '王丽君' } }),
};

describe('audit chain hashing', () => {
  it('writes one text for one value, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"e":"x","f":null}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: new Date('2026-01-01T00:00:00Z') })).toBe(
      '{"b":"2026-01-01T00:00:00.000Z"}',
    );
  });

  it('changes the hash when any stored part or the link changes', () => {
    const hash = entryHash(entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...entry })).toBe(hash);
    const changes: Partial<HashedEntry>[] = [
      { seq: '2' },
      { prevHash: 'f'.repeat(64) },
      { occurredAt: new Date('2026-12-05T08:00:00.124Z') },
      { actorName: 'someone.else' },
      { action: 'person.create' },
      { subjectId: 'p-2' },
      { schoolCode: null },
      { detail: canonicalJson({ before: { name: '王丽华' }, after: { name: '王丽' } }) },
    ];
    for (const change of changes) expect(entryHash({ ...entry, ...change })).not.toBe(hash);
  });
});
