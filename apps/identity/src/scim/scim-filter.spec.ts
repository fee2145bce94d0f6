import { ScimError } from './scim-error';
import { parseEqualityFilter } from './scim-filter';

describe('SCIM equality filter', () => {
  const allowed = ['userName', 'externalId'];

  it('reads attribute eq "value", attribute names case-insensitive, escaped quotes kept', () => {
    expect(parseEqualityFilter('userName eq "T0001"', allowed)).toEqual({
      attribute: 'userName',
      value: 'T0001',
    });
    expect(parseEqualityFilter('  USERNAME EQ "a\\"b" ', allowed)).toEqual({
      attribute: 'userName',
      value: 'a"b',
    });
    expect(parseEqualityFilter('externalId eq "hr-17"', allowed)).toEqual({
      attribute: 'externalId',
      value: 'hr-17',
    });
    expect(parseEqualityFilter(undefined, allowed)).toBeNull();
    expect(parseEqualityFilter(' ', allowed)).toBeNull();
  });

  it('refuses other operators and attributes with scimType invalidFilter', () => {
    for (const filter of ['userName co "T"', 'emails eq "x@y.cn"', 'userName eq "a" and active eq true']) {
      let caught: unknown;
      try {
        parseEqualityFilter(filter, allowed);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ScimError);
      expect((caught as ScimError).scimType).toBe('invalidFilter');
      expect((caught as ScimError).getStatus()).toBe(400);
    }
  });
});
