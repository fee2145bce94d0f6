import { personNameProblem } from './person-name';

describe('person names', () => {
  it.each(['王丽华', '欧阳小明', '阿卜杜·热合曼', "O'Brien", 'Anne-Marie Dupont', 'Zoë'])(
    'accepts %s',
    (name) => {
      expect(personNameProblem(name)).toBeNull();
    },
  );

  it.each([
    ['王;丽', ';'],
    ['<b>王</b>', '<'],
    ['王\u0000丽', 'U+0000'],
    ['王\u202e丽', 'U+202E'],
    ['王\u200b丽', 'U+200B'],
    ['a(b)', '('],
  ])('refuses %j, naming %s', (name, shown) => {
    expect(personNameProblem(name)).toContain(shown);
  });
});
