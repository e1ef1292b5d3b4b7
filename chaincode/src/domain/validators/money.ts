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

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * Cross-field rule of a tax item: its amount is base × rate / 100, rounded to the fen (分), the unit
 * tax is assessed in. Offices round half up or truncate, so either neighbouring fen of the exact
 * product is accepted: the tolerance is under one fen. `rate` is a percentage with at most 2
 * decimals (1.5 means 1.5 %). Malformed parts are their own fields' errors, so only well-formed
 * values are compared.
 */
export function checkTaxAmount(item: { base: string; rate: string; amount: string }): Check<void> {
  const base = checkMoney(item.base);
  const amount = checkMoney(item.amount);
  const rate = PERCENT.exec(item.rate);
  if (!base.ok || !amount.ok || !rate) return checkPassed(undefined);
  // Exact in units of 1/10000 fen: base (fen) × rate (hundredths of a percent).
  const exact = base.value.fen * (BigInt(rate[1]) * 100n + BigInt((rate[2] ?? '').padEnd(2, '0')));
  const diff = amount.value.fen * 10_000n - exact;
  if (diff <= -10_000n || diff >= 10_000n) {
    const expected = formatFen((exact + 5_000n) / 10_000n);
    return checkFailed('TAX_AMOUNT_MISMATCH', `The amount ${item.amount} is not ${item.rate} % of ${item.base}, which is ${expected}.`);
  }
  return checkPassed(undefined);
}
