// Chinese PI recognizers over single values. Each is a cheap check (lengths and character classes first,
// arithmetic only on candidates) so a catalog scan classifies a hundred thousand values in well under a second.

import type { PiLabel } from '@edubase/contracts';

/** The labels detection answers, one per value (the vocabulary's, which @edubase/labels names). */
export { piLabels, type PiLabel } from '@edubase/contracts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
/** First two digits of a 行政区划代码 (GB/T 2260): provinces, and 71/81/82 for Taiwan, Hong Kong, Macao. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);
const DIGITS_17 = /^\d{17}[\dXx]$/;

/** The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += (first17.charCodeAt(index) - 48) * ID_WEIGHTS[index]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * 居民身份证号 (GB 11643-1999): 18 characters, a province code, a birth date that exists and is neither before
 * 1900 nor in the future, and the check character. `today` is `YYYYMMDD`.
 */
export function isIdCard(value: string, today: string): boolean {
  if (value.length !== 18 || !DIGITS_17.test(value)) return false;
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return false;
  const birth = value.slice(6, 14);
  if (birth < '19000101' || birth > today) return false;
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  return idCheckCharacter(value) === value[17]!.toUpperCase();
}

/** 全国学籍号: G followed by the student's 身份证号 (L and a temporary number for students without one). */
export function isStudentNo(value: string, today: string): boolean {
  const prefix = value[0];
  return (prefix === 'G' || prefix === 'g') && isIdCard(value.slice(1), today);
}

/** Mainland mobile number segments in use (工信部 allocations: 13x, 145-149, 15x but 154, 16x, 17x, 18x, 19x). */
const MOBILE = /^1(3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$/;

/** A mainland mobile number, with or without +86 and the usual separators (138-0013-8000, 138 0013 8000). */
export function isMobile(value: string): boolean {
  let digits = value;
  if (value.length > 11) {
    digits = value.replace(/[\s-]/g, '');
    if (digits.startsWith('+86')) digits = digits.slice(3);
    else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  }
  return digits.length === 11 && MOBILE.test(digits);
}

/** Luhn (ISO/IEC 7812) over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

const CARD = /^62\d{14,17}$/;

/** A UnionPay card number (银联, 62 prefix, 16-19 digits) passing Luhn; spaces between groups allowed. */
export function isBankCard(value: string): boolean {
  const digits = value.includes(' ') ? value.replace(/ /g, '') : value;
  return CARD.test(digits) && passesLuhn(digits);
}

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && value.includes('@') && EMAIL.test(value);
}

/** The label of one value; an 18-digit string that is a valid 身份证号 is one, whatever else it might pass. */
export function labelOfValue(raw: string, today: string): PiLabel {
  const value = raw.trim();
  if (value.length < 6) return 'none';
  if (isStudentNo(value, today)) return 'student_no';
  if (isIdCard(value, today)) return 'id_card';
  if (isMobile(value)) return 'mobile';
  if (isBankCard(value)) return 'bank_card';
  if (isEmail(value)) return 'email';
  return 'none';
}
