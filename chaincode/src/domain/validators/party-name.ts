import { Check, checkFailed, checkPassed } from './result';

export const MAX_PERSON_NAME_LENGTH = 50;
export const MAX_ORG_NAME_LENGTH = 100;

// Control characters, line and paragraph separators, and format characters (zero-width spaces and
// joiners, direction marks and overrides, word joiners, invisible operators, the BOM) hide or reorder
// text on screen and in print, so two names that look identical would be different parties.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** A party's name, already trimmed; length counts characters (code points), as JSON Schema maxLength does. */
export function checkPartyName(s: string, maxLength: number): Check<{ name: string }> {
  if (s !== s.trim()) return checkFailed('PARTY_NAME_FORMAT', 'The name has leading or trailing spaces; remove them.');
  const length = Array.from(s).length;
  if (length === 0) return checkFailed('PARTY_NAME_LENGTH', 'The name is empty.');
  if (length > maxLength) return checkFailed('PARTY_NAME_LENGTH', `The name must have at most ${maxLength} characters, but it has ${length}.`);
  if (INVISIBLE.test(s)) return checkFailed('PARTY_NAME_FORMAT', 'The name contains control or invisible formatting characters.');
  // Half of a UTF-16 surrogate pair (with the u flag, only an unpaired one matches \p{Cs}) is no
  // character at all: it cannot be printed or stored as UTF-8.
  if (/\p{Cs}/u.test(s)) return checkFailed('PARTY_NAME_FORMAT', 'The name contains an unpaired surrogate, which is not a character.');
  return checkPassed({ name: s });
}
