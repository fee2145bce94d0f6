import { idCheckCharacter, passesLuhn, type PiLabel } from '../src/classification/detection/recognizers';

/** Seeded PRNG (mulberry32): the labelled set is the same on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A negative built from digits may happen to be a valid UnionPay number (62, Luhn): it is then rebuilt. */
const isUnionPayNumber = (value: string): boolean => /^62\d{14,17}$/.test(value) && passesLuhn(value);

export interface LabelledValue {
  value: string;
  label: PiLabel;
  /** What kind of value it is, for a readable failure (`hard: 18 digits, wrong check`). */
  kind: string;
}

/** A labelled set of values for the PI recognizers: each label in its usual forms, and the hard negatives. */
export function labelledValues(perKind: number, seed = 20261205): LabelledValue[] {
  const next = random(seed);
  const int = (below: number) => Math.floor(next() * below);
  const digits = (count: number) => Array.from({ length: count }, () => String(int(10))).join('');
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');

  const provinces = ['11', '31', '32', '33', '44', '51', '62', '65'];
  const birth = () => {
    const date = new Date(Date.UTC(1950 + int(71), 0, 1) + int(365) * 86_400_000);
    return date.toISOString().slice(0, 10).replace(/-/g, '');
  };
  const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
  const idCard = () => withCheck(`${pick(provinces)}${digits(4)}${birth()}${digits(3)}`);
  const luhnDigit = (body: string) => String([...'0123456789'].find((d) => passesLuhn(body + d)));
  const bankCard = () => {
    const body = `62${digits(pick([13, 16]))}`;
    return body + luhnDigit(body);
  };
  const segments = ['130', '135', '138', '139', '147', '150', '158', '166', '177', '186', '189', '199'];

  const kinds: Array<[string, PiLabel, () => string]> = [
    ['身份证号', 'id_card', idCard],
    [
      '身份证号, lower-case x',
      'id_card',
      () => {
        let id = idCard();
        while (!id.endsWith('X')) id = idCard();
        return id.toLowerCase();
      },
    ],
    ['学籍号 G+身份证号', 'student_no', () => `G${idCard()}`],
    ['mobile', 'mobile', () => `${pick(segments)}${digits(8)}`],
    [
      'mobile +86 / separators',
      'mobile',
      () => {
        const number = `${pick(segments)}${digits(8)}`;
        return pick([
          `+86${number}`,
          `+86 ${number}`,
          `${number.slice(0, 3)}-${number.slice(3, 7)}-${number.slice(7)}`,
        ]);
      },
    ],
    ['UnionPay card', 'bank_card', bankCard],
    ['UnionPay card in groups', 'bank_card', () => bankCard().replace(/(\d{4})(?=\d)/g, '$1 ')],
    [
      'e-mail',
      'email',
      () =>
        `${pick(['zhangsan', 'li.si', 'wang_wu', 't2026'])}${int(1000)}@${pick(['163.com', 'qq.com', 'fx.edu.sh.cn', 'example.org'])}`,
    ],
    // hard negatives
    [
      'hard: 18 digits, wrong check',
      'none',
      () => {
        for (;;) {
          const id = idCard();
          const wrong = id.slice(0, 17) + pick([...'0123456789X'].filter((c) => c !== id[17]));
          if (!isUnionPayNumber(wrong)) return wrong;
        }
      },
    ],
    [
      'hard: right check, impossible birth date',
      'none',
      () => {
        for (;;) {
          const year = pick(['2099', '1850']);
          const id = withCheck(
            `${pick(provinces)}${digits(4)}${year}${pad(1 + int(12), 2)}${pad(1 + int(28), 2)}${digits(3)}`,
          );
          if (!isUnionPayNumber(id)) return id;
        }
      },
    ],
    [
      'hard: 11 digits, not a mobile',
      'none',
      () => pick(['021', '010', '120', '154', '140', '100', '200']) + digits(8),
    ],
    [
      'hard: 16 digits 62, failing Luhn',
      'none',
      () => {
        const card = bankCard().slice(0, 16);
        const body = card.slice(0, 15);
        return body + String((Number(luhnDigit(body)) + 1 + int(9)) % 10);
      },
    ],
    ['hard: 学校标识码', 'none', () => `31012${digits(5)}`],
    [
      'hard: dates',
      'none',
      () => pick([`2026-${pad(1 + int(12), 2)}-01`, `2026${pad(1 + int(12), 2)}15`, `2025/9/${1 + int(28)}`]),
    ],
    ['hard: G + wrong 身份证号', 'none', () => `G${idCard().slice(0, 17)}${int(2) === 0 ? 'Y' : 'Z'}`],
    [
      'hard: not quite e-mail',
      'none',
      () => pick(['zhangsan@', '@qq.com', 'li si@163.com', 'wang@localhost', 'a@b.c']),
    ],
    [
      'hard: names and text',
      'none',
      () => pick(['张三', '李四同学', '高一(3)班', '奉贤区实验中学', 'N/A', '']),
    ],
  ];
  return kinds.flatMap(([kind, label, make]) =>
    Array.from({ length: perKind }, () => ({ value: make(), label, kind })),
  );
}
