import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('[[],[],[[]]]', 3)).toBe(false);
  });

  it('stops at the limit on a body 3,000 deep', () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    expect(jsonDepthExceeds(deep, 64)).toBe(true);
    expect(jsonDepthExceeds(deep, 3000)).toBe(false);
  });
});
