import { Check, checkFailed, checkPassed } from './result';

export const MAX_PERSON_NAME_LENGTH = 50;
export const MAX_ORG_NAME_LENGTH = 100;

// Control characters, line separators and bidirectional overrides can hide or reorder text on screen and in print.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

/** A party's name, already trimmed; length counts characters (code points), as JSON Schema maxLength does. */
export function checkPartyName(s: string, maxLength: number): Check<{ name: string }> {
  if (s !== s.trim()) return checkFailed('PARTY_NAME_FORMAT', 'The name has leading or trailing spaces; remove them.');
  const length = Array.from(s).length;
  if (length === 0) return checkFailed('PARTY_NAME_LENGTH', 'The name is empty.');
  if (length > maxLength) return checkFailed('PARTY_NAME_LENGTH', `The name must have at most ${maxLength} characters, but it has ${length}.`);
  if (FORBIDDEN.test(s)) return checkFailed('PARTY_NAME_FORMAT', 'The name contains control or invisible formatting characters.');
  return checkPassed({ name: s });
}
