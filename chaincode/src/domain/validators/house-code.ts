import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

/** 房屋编码 assigned by the housing authority: 1-40 characters of ASCII letters, digits and hyphens. */
export function checkHouseCode(s: string): Check<{ houseCode: string }> {
  const surface = surfaceProblem(s, 'house code');
  if (surface) return checkFailed('HOUSE_CODE_FORMAT', surface);
  if (s.length > 40) return checkFailed('HOUSE_CODE_LENGTH', `The house code must have at most 40 characters, but it has ${s.length}.`);
  if (!/^[0-9A-Za-z-]+$/.test(s)) return checkFailed('HOUSE_CODE_FORMAT', 'The house code may contain only ASCII letters, digits and hyphens.');
  return checkPassed({ houseCode: s });
}
