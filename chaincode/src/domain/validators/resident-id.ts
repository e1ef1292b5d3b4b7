import { isCalendarDate, isoDateInChina } from './date';
import { isMainlandProvinceCode, isProvinceCode } from './division-codes';
import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

export type ResidentIdInfo = { province: string; birthDate: string; sex: 'M' | 'F' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID (GB 11643). */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs exactly 17 ASCII digits.');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Validates an 18-character 公民身份号码, also the same-format HK/Macao/Taiwan residence permits (81/82/83)
 * and the 2023 foreign permanent-residence ID (9 + issuing province + nationality). `today` bounds the birth date
 * (China date); a birth year before 1900 is accepted with a warning.
 */
export function checkResidentId(s: string, today: Date): Check<ResidentIdInfo> {
  const surface = surfaceProblem(s, 'resident ID number');
  if (surface) return checkFailed('RESIDENT_ID_FORMAT', surface);
  if (s.length !== 18) {
    const legacy = /^\d{15}$/.test(s) ? ' (a 15-digit legacy number must first be upgraded to the 18-digit form)' : '';
    return checkFailed('RESIDENT_ID_LENGTH', `The resident ID number must have 18 characters, but it has ${s.length}${legacy}.`);
  }
  if (!/^\d{17}[\dX]$/.test(s)) {
    const message = /^\d{17}x$/.test(s)
      ? 'The check character of the resident ID number must be an uppercase X, not a lowercase x.'
      : 'The resident ID number must be 17 digits followed by a digit or X.';
    return checkFailed('RESIDENT_ID_FORMAT', message);
  }
  const foreign = s[0] === '9';
  // A foreign permanent-residence ID carries the issuing province in characters 2-3.
  const province = foreign ? s.slice(1, 3) : s.slice(0, 2);
  const provinceOk = foreign ? isMainlandProvinceCode(province) : isProvinceCode(province) || province === '83';
  if (!provinceOk) {
    return checkFailed('RESIDENT_ID_PROVINCE', `The resident ID number has ${province} as its province code, which does not exist.`);
  }
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isCalendarDate(y, m, d)) {
    return checkFailed('RESIDENT_ID_BIRTH_DATE', `The birth date ${birthDate} in the resident ID number does not exist.`);
  }
  if (birthDate > isoDateInChina(today)) {
    return checkFailed('RESIDENT_ID_BIRTH_DATE', `The birth date ${birthDate} in the resident ID number is in the future.`);
  }
  const expected = residentIdCheckChar(s.slice(0, 17));
  if (s[17] !== expected) {
    return checkFailed('RESIDENT_ID_CHECKSUM', 'The check character of the resident ID number does not match; the number is probably mistyped.');
  }
  // Legacy registers hold people born before 1900: a well-formed number is theirs, but rare enough to point out.
  const warnings =
    y < 1900 ? [{ rule: 'RESIDENT_ID_BIRTH_BEFORE_1900', message: `The birth date ${birthDate} in the resident ID number is before 1900; check it against the register.` }] : [];
  return checkPassed({ province, birthDate, sex: Number(s[16]) % 2 === 1 ? 'M' : 'F' }, warnings);
}

/** First 4 and last 4 characters visible, e.g. 5101**********1234; short input is fully masked. */
export function maskResidentId(s: string): string {
  const chars = Array.from(s);
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** 张三 → 张*, 张小三 → 张*三; names without Chinese characters keep only their first letter (John Smith → J*********). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (!/\p{Script=Han}/u.test(name)) return chars[0] + '*'.repeat(chars.length - 1);
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
