import { maskBirthDate, maskIdCardNo, maskMobile } from './masking';

describe('personal data masking', () => {
  it('keeps only the region prefix and last four characters of a 身份证号', () => {
    expect(maskIdCardNo('310120201303010025')).toBe('310***********0025');
  });

  it('hides the middle of a mobile number and all of a birth date', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('12345')).toBe('*****');
    expect(maskBirthDate('2013-03-01')).toBe('****-**-**');
  });
});
