/** How personal data looks to callers whose job does not need it (个人信息去标识化展示). */

export function maskIdCardNo(value: string): string {
  return `${value.slice(0, 3)}${'*'.repeat(Math.max(0, value.length - 7))}${value.slice(-4)}`;
}

export function maskMobile(value: string): string {
  return value.length <= 7 ? '*'.repeat(value.length) : `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/** A minor's birth date says too much even in part, so none of it is shown. */
export function maskBirthDate(_value: string): string {
  return '****-**-**';
}
