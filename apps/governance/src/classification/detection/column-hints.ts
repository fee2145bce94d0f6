import type { PiLabel } from './recognizers';

/**
 * Column names that say what a column holds: the pinyin abbreviations Chinese school systems use (sfzh =
 * 身份证号, zjhm = 证件号码, lxdh = 联系电话, xjh = 学籍号, yhkh = 银行卡号, yx = 邮箱) and Chinese words. Pinyin
 * and English hints match whole tokens of the name (`stu_sfzh`, `lxdhHome`), Chinese ones anywhere in it.
 */
const TOKEN_HINTS: Readonly<Record<string, PiLabel>> = {
  sfzh: 'id_card',
  sfzhm: 'id_card',
  zjhm: 'id_card',
  idcard: 'id_card',
  idno: 'id_card',
  lxdh: 'mobile',
  sjh: 'mobile',
  sjhm: 'mobile',
  yddh: 'mobile',
  mobile: 'mobile',
  phone: 'mobile',
  xjh: 'student_no',
  xjfh: 'student_no',
  studentno: 'student_no',
  yhkh: 'bank_card',
  yhzh: 'bank_card',
  bankcard: 'bank_card',
  cardno: 'bank_card',
  yx: 'email',
  dzyx: 'email',
  email: 'email',
  mail: 'email',
};

const CHINESE_HINTS: ReadonlyArray<[string, PiLabel]> = [
  ['身份证', 'id_card'],
  ['证件号', 'id_card'],
  ['学籍号', 'student_no'],
  ['联系电话', 'mobile'],
  ['手机', 'mobile'],
  ['电话', 'mobile'],
  ['银行卡', 'bank_card'],
  ['银行账号', 'bank_card'],
  ['邮箱', 'email'],
  ['电子邮件', 'email'],
];

/** The label a column's name suggests, if any. */
export function hintOfColumn(column: string): PiLabel | undefined {
  for (const [word, label] of CHINESE_HINTS) if (column.includes(word)) return label;
  const tokens = column
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  for (const token of tokens) {
    const hint = TOKEN_HINTS[token];
    if (hint) return hint;
  }
  // id_card, student_no, bank_card written with separators
  const joined = tokens.join('');
  for (const name of ['idcard', 'studentno', 'bankcard']) if (joined.endsWith(name)) return TOKEN_HINTS[name];
  return undefined;
}
