import { registerDecorator, ValidationOptions } from 'class-validator';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a 身份证号. */
export function idCardCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return checkCharacters[sum % 11]!;
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** An 18-character 身份证号: 17 digits whose 7th-14th are a real birth date, then the right check character. */
export function isValidIdCardNo(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  if (!isRealDate(value.slice(6, 14))) return false;
  return idCardCheckCharacter(value.slice(0, 17)) === value[17];
}

/** The birth date a 身份证号 carries (its 7th-14th characters), as YYYY-MM-DD. */
export function birthDateOfIdCard(idCardNo: string): string {
  return `${idCardNo.slice(6, 10)}-${idCardNo.slice(10, 12)}-${idCardNo.slice(12, 14)}`;
}

export function IsIdCardNo(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIdCardNo',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be an 18-character 身份证号 with a valid birth date and check digit',
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidIdCardNo(value) },
    });
}
