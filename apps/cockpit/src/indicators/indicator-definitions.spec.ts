import { indicatorDefinitions } from './indicator-definitions';

describe('indicator definitions', () => {
  it('have unique keys usable in a data-testid, and zh-CN labels', () => {
    const keys = indicatorDefinitions.map((definition) => definition.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of indicatorDefinitions) {
      expect(definition.key).toMatch(/^[a-z]+(\.[a-z]+(-[a-z]+)*)+$/);
      expect(definition.label).toMatch(/\p{Script=Han}/u);
    }
  });
});
