import { idCardCheckCharacter, isValidIdCardNo } from './id-card';

describe('身份证号 check (ISO 7064 MOD 11-2)', () => {
  it('accepts the GB 11643 sample number and a 奉贤 student number', () => {
    expect(isValidIdCardNo('11010519491231002X')).toBe(true);
    expect(isValidIdCardNo('310120201303010025')).toBe(true);
  });

  it('computes the check character', () => {
    expect(idCardCheckCharacter('11010519491231002')).toBe('X');
    expect(idCardCheckCharacter('31012019850615003')).toBe('1');
  });

  it('rejects a wrong check digit, a lower-case x, a bad birth date and a wrong length', () => {
    expect(isValidIdCardNo('110105194912310021')).toBe(false);
    expect(isValidIdCardNo('11010519491231002x')).toBe(false);
    expect(isValidIdCardNo('310120201302300012')).toBe(false);
    expect(isValidIdCardNo('1101051949123100')).toBe(false);
  });
});
