import { buildEnvelope, validateEnvelope } from './event';
import { firstEventIdBytesAt, newEventId } from './event-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('is a UUID version 7 carrying the time in milliseconds in its first 48 bits', () => {
    const at = Date.parse('2026-11-28T19:07:53.123Z');
    const id = newEventId(at);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids of later milliseconds after earlier ones, and never repeats', () => {
    const start = Date.now();
    const ids = Array.from({ length: 20_000 }, (_, i) => newEventId(start + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 100; i < ids.length; i += 100) expect(ids[i - 1]! < ids[i]!).toBe(true);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it('uses random bits beyond the time: ids of one millisecond differ in every random group', () => {
    const ids = Array.from({ length: 64 }, () => newEventId(1_000));
    for (const group of [2, 3, 4]) {
      expect(new Set(ids.map((id) => id.split('-')[group])).size).toBeGreaterThan(50);
    }
  });

  it('refuses a time a 48-bit timestamp cannot hold', () => {
    expect(() => newEventId(-1)).toThrow(RangeError);
    expect(() => newEventId(2 ** 48)).toThrow(RangeError);
    expect(() => newEventId(1.5)).toThrow(RangeError);
  });

  it('bounds the ids of a millisecond from below, byte for byte', () => {
    const bytesOf = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
    const at = Date.parse('2026-11-28T19:07:53.123Z');
    const bound = firstEventIdBytesAt(at);
    for (let i = 0; i < 200; i += 1) {
      expect(Buffer.compare(bytesOf(newEventId(at - 1)), bound)).toBe(-1);
      expect(Buffer.compare(bytesOf(newEventId(at)), bound)).toBeGreaterThanOrEqual(0);
    }
    expect(firstEventIdBytesAt(-5)).toEqual(Buffer.alloc(16));
    expect(firstEventIdBytesAt(2 ** 60).subarray(0, 6)).toEqual(Buffer.alloc(6, 0xff));
  });

  it('is what buildEnvelope gives an event, and consumers accept it', () => {
    const envelope = buildEnvelope(
      'identity.org.created.v1',
      {
        orgId: 'o-1',
        parentId: null,
        name: '测试学校',
        kind: 'school',
        schoolCode: '3101010001',
        stage: null,
      },
      { source: 'identity' },
    );
    expect(envelope.id).toMatch(UUID_V7);
    expect(validateEnvelope('identity.org.created.v1', JSON.parse(JSON.stringify(envelope))).ok).toBe(true);
  });
});
