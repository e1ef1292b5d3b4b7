import { checkCreditCode } from './credit-code';
import { checkResidentId } from './resident-id';
import { Check, checkFailed, checkPassed } from './result';

/**
 * The ID number of either kind of party, where the kind is not given (a search by ID number): a
 * resident ID or a unified social credit code, with the warnings of whichever it is.
 */
export function checkIdNumber(s: string, today: Date): Check<{ kind: 'PERSON' | 'ORG' }> {
  const person = checkResidentId(s, today);
  if (person.ok) return checkPassed({ kind: 'PERSON' }, person.warnings);
  const org = checkCreditCode(s);
  if (org.ok) return checkPassed({ kind: 'ORG' }, org.warnings);
  // 17 digits and a digit or X (or a 15-digit legacy number) read as a resident ID, so the caller learns what is wrong with it as one.
  const failed = /^(\d{17}[\dX]|\d{15})$/.test(s) ? person : org;
  return checkFailed(failed.rule, failed.message);
}
