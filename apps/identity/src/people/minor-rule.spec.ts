import { bornOnOrBefore, minorCategory } from './minor-rule';

describe('minor rule (未成年人 by 周岁 on the day)', () => {
  it.each([
    // [birth date, today, category]
    ['2012-09-01', '2026-08-31', 'under-14'],
    ['2012-09-01', '2026-09-01', 'under-18'], // the 14th birthday itself
    ['2008-09-01', '2026-08-31', 'under-18'],
    ['2008-09-01', '2026-09-01', null], // 18 today
    ['1985-06-15', '2026-09-01', null],
    [null, '2026-09-01', null],
  ] as const)('born %s, on %s: %s', (birthDate, today, category) => {
    expect(minorCategory(birthDate, today)).toBe(category);
  });

  it('lets a 29 February child reach an age on 1 March of a common year', () => {
    expect(minorCategory('2012-02-29', '2026-02-28')).toBe('under-14');
    expect(minorCategory('2012-02-29', '2026-03-01')).toBe('under-18');
    expect(bornOnOrBefore('2028-02-29', 18)).toBe('2010-02-28');
    expect(bornOnOrBefore('2028-02-29', 16)).toBe('2012-02-29');
  });
});
