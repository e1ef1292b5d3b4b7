import { isMainlandProvinceCode } from './division-codes';
import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

export type CreditCodeInfo = { authority: string; category: string; division: string; orgCode: string };

/** GB 32100 charset: digits and capitals without I, O, S, V, Z; a character's value is its index. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** MOD 31 check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs exactly 17 characters.');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`creditCodeCheckChar: ${first17[i]} is not in the GB 32100 charset.`);
    sum += v * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check character of an 8-character organisation code body (0-9 and A-Z as 10-35). */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError('orgCodeCheckChar needs 8 characters from 0-9 and A-Z.');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * The shape of the documented early pilot codes that fail the MOD 31 check yet are legal
 * (aarioai/id-rule chinese_org_id.go: 91350100M0001TGQXM, 91350211M0000XUF46, 91350203M0001FUE2P):
 * Fujian (35) enterprises (91) whose 主体标识码 starts M0, as all three do. Only this shape gets the
 * benefit of the doubt; any other wrong check character is a typing mistake.
 */
const PILOT_PATTERN = /^9135\d{4}M0/;

/**
 * Validates a 统一社会信用代码. A wrong final character is refused, except on a code of the
 * documented pilot pattern, where it is only a warning (domain.md §3.4).
 */
export function checkCreditCode(s: string): Check<CreditCodeInfo> {
  const surface = surfaceProblem(s, 'unified social credit code');
  if (surface) return checkFailed('CREDIT_CODE_FORMAT', surface);
  if (s.length !== 18) {
    return checkFailed('CREDIT_CODE_LENGTH', `The unified social credit code must have 18 characters, but it has ${s.length}.`);
  }
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) {
    const message = /[a-z]/.test(s)
      ? 'The unified social credit code must be written in uppercase letters.'
      : 'The unified social credit code may contain only digits and capital letters other than I, O, S, V and Z.';
    return checkFailed('CREDIT_CODE_CHARSET', message);
  }
  const division = s.slice(2, 8);
  // Division 100000 is used by central-level registration authorities.
  if (!/^\d{6}$/.test(division) || !(division.slice(0, 2) === '10' || isMainlandProvinceCode(division.slice(0, 2)))) {
    return checkFailed('CREDIT_CODE_DIVISION', `Characters 3-8 of the unified social credit code (${division}) are not an administrative division code.`);
  }
  const orgCode = s.slice(8, 17);
  if (orgCodeCheckChar(orgCode.slice(0, 8)) !== orgCode[8]) {
    return checkFailed(
      'CREDIT_CODE_ORG_CHECKSUM',
      'The organisation code inside the unified social credit code (characters 9-17) fails its check; the code is probably mistyped.',
    );
  }
  const value = { authority: s[0], category: s[1], division, orgCode };
  if (creditCodeCheckChar(s.slice(0, 17)) === s[17]) return checkPassed(value);
  if (!PILOT_PATTERN.test(s)) {
    return checkFailed('CREDIT_CODE_CHECKSUM', 'The check character of the unified social credit code does not match; the code is probably mistyped.');
  }
  return checkPassed(value, [
    { rule: 'CREDIT_CODE_CHECKSUM_PILOT', message: 'The check character does not match, as on some early pilot codes of Fujian; check the code against the business licence.' },
  ]);
}
