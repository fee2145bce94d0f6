import { shanghaiDate } from '../people/network-roles';
import { normalizeMac } from './mac-address';

describe('normalizeMac', () => {
  it('accepts the spellings NASes use and returns the lower-case dashed form', () => {
    for (const spelling of [
      'AA:BB:CC:0D:EE:FF',
      'aa-bb-cc-0d-ee-ff',
      'aabb.cc0d.eeff',
      'AABBCC0DEEFF',
      '  AA-BB-CC-0D-EE-FF \t',
    ]) {
      expect(normalizeMac(spelling)).toBe('aa-bb-cc-0d-ee-ff');
    }
  });

  it('refuses anything that is not exactly twelve hex digits', () => {
    for (const spelling of [
      '',
      'AA:BB:CC:DD:EE',
      'AABBCCDDEEFF00',
      'GG:BB:CC:DD:EE:FF',
      'aa bb cc dd ee ff',
      'teacher.3101200001',
    ]) {
      expect(normalizeMac(spelling)).toBeUndefined();
    }
  });
});

describe('shanghaiDate', () => {
  it('turns at midnight China Standard Time, also when asked out of order', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(shanghaiDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-03-01T00:00:00.000Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-02-28T15:59:59.000Z'))).toBe('2026-02-28');
    expect(shanghaiDate(new Date('2026-03-02T15:00:00.000Z'))).toBe('2026-03-02');
  });
});
