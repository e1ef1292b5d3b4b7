/**
 * Something unusual about a value that is nevertheless accepted (a legacy birth year, a pilot
 * credit code): the caller is told, nothing is refused.
 */
export type CheckWarning = { rule: string; message: string };

/** Outcome of a format check: the parsed value and any warnings, or the stable code of the first broken rule. */
export type Check<T> = { ok: true; value: T; warnings: CheckWarning[] } | { ok: false; rule: string; message: string };

export function checkPassed<T>(value: T, warnings: CheckWarning[] = []): Check<T> {
  return { ok: true, value, warnings };
}

export function checkFailed<T = never>(rule: string, message: string): Check<T> {
  return { ok: false, rule, message };
}

const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;

/**
 * Shared first step of the identifier checks: clerks most often paste values with spaces
 * or type them with a Chinese IME, so these get a message naming that exact mistake.
 */
export function surfaceProblem(s: string, label: string): string | undefined {
  if (s.length === 0) return `The ${label} is empty.`;
  if (s !== s.trim()) return `The ${label} has leading or trailing spaces; remove them.`;
  if (FULL_WIDTH_ALNUM.test(s)) return `The ${label} contains full-width characters; type it with half-width digits and letters.`;
  return undefined;
}

/**
 * What a clerk means by an identifier typed with a Chinese IME or pasted from a document: the
 * full-width forms of ASCII (Ｘ, ０-９, Ａ-Ｚ, （）) as ASCII, without surrounding spaces (ideographic
 * ones included). The schemas apply it before the checks; the checks themselves stay strict.
 */
export function halfWidthTrimmed(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
}
