import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

export const MAX_MONEY_FEN = 99_999_999_999_999n;

export type MoneyOptions = { allowZero?: boolean };

const EXAMPLE = 'for example 1250000.00';

/** A yuan amount as a decimal string with at most 2 decimals, parsed exactly into fen (分). */
export function checkMoney(s: string, opts: MoneyOptions = {}): Check<{ fen: bigint }> {
  const surface = surfaceProblem(s, 'amount');
  if (surface) return checkFailed('MONEY_FORMAT', surface);
  const m = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) {
    if (/^-\d/.test(s)) return checkFailed('MONEY_RANGE', 'The amount must not be negative.');
    return checkFailed('MONEY_FORMAT', `The amount must be a plain number of yuan with at most 2 decimals and no separators or currency sign, ${EXAMPLE}.`);
  }
  if (m[1].length > 12) return checkFailed('MONEY_RANGE', 'The amount must not exceed 999999999999.99 yuan.');
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (fen === 0n && !opts.allowZero) return checkFailed('MONEY_RANGE', 'The amount must be greater than zero.');
  return checkPassed({ fen });
}

/** Canonical decimal yuan string of an amount in fen, e.g. 125000000n → 1250000.00. */
export function formatFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
