import type { PersonalInfoKind } from './field-catalog';

const stars = (count: number): string => '*'.repeat(Math.max(0, count));

/** Keeps `head` leading and `tail` trailing characters; short values are starred entirely. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return stars(chars.length);
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(-tail).join('');
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, Li Lei → L*****: the family name's first character stays. */
function maskName(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? '*' : chars[0] + stars(chars.length - 1);
}

/** a.b@school.cn → a**@school.cn: the domain says whose address it is, the mailbox whose person. */
function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return keepEnds(value, 1, 0);
  return `${value[0]}**${value.slice(at)}`;
}

/**
 * How a value of a kind of personal information looks masked (去标识化展示): 身份证 310***********1234,
 * 手机 138****5678, 学籍号 G310***********1234, bank card 6222********1234, e-mail z**@school.cn, name 张*,
 * birth date ****-**-**; a value of no known kind keeps its first and last character.
 */
export function maskValue(kind: PersonalInfoKind | undefined, value: string): string {
  switch (kind) {
    case 'id_card':
      return keepEnds(value, 3, 4);
    case 'student_no':
      // G + 身份证号: the letter and the region, then as an id card.
      return keepEnds(value, /^[A-Za-z]/.test(value) ? 4 : 3, 4);
    case 'mobile':
      return value.length <= 7 ? stars(value.length) : keepEnds(value, 3, 4);
    case 'bank_card':
      return keepEnds(value, 4, 4);
    case 'email':
      return maskEmail(value);
    case 'name':
      return maskName(value);
    case 'birth_date':
      // A minor's birth date says too much even in part.
      return value.replace(/\d/g, '*');
    case 'device_id':
      return keepEnds(value, 8, 0);
    default:
      return keepEnds(value, 1, 1);
  }
}
