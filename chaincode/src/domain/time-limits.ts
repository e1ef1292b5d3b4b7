import { isoDateInChina } from './validators/date';

/** Statutory time limits, evaluated lazily from the transaction timestamp (chaincode has no scheduler). */
export const OBJECTION_LAPSE_DAYS = 15; // Civil Code 220
export const NOTICE_LAPSE_DAYS = 90; // Civil Code 221
export const SEIZURE_MAX_YEARS = 3; // 法释〔2004〕15号 (2020 revision)

/**
 * How far a transaction's timestamp may differ from the endorsing peer's clock. On Fabric the
 * timestamp is the submitting client's and peers do not check it, yet every lapse (objection,
 * notice, seizure term) is judged by it: a majority of endorsers refusing a timestamp off by more
 * than this keeps one agency's clock, right or forged, from moving the register's time.
 */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60_000;

const DAY_MS = 86_400_000;

export function addDaysToInstant(instant: string, days: number): string {
  return new Date(Date.parse(instant) + days * DAY_MS).toISOString();
}

/** The instant a China-time calendar date ends (so a term "until 2026-05-01" runs through that day). */
export function endOfChinaDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS - 8 * 3_600_000).toISOString();
}

export function addYearsToDate(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February plus whole years lands on 1 March in a common year; the term ends the day before.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/**
 * Working days from one instant to another, in China time: the weekdays after the start date up
 * to and including the end date (a case accepted Friday and recorded Monday took 1). Public
 * holidays and their make-up working days are not modelled.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = Date.parse(`${isoDateInChina(from)}T00:00:00.000Z`);
  const end = Date.parse(`${isoDateInChina(to)}T00:00:00.000Z`);
  let days = 0;
  for (let t = start + DAY_MS; t <= end; t += DAY_MS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return days;
}

/** The China date `days` working days after the date of `from` (the same date for 0): a case's deadline. */
export function addWorkingDays(from: string, days: number): string {
  let t = Date.parse(`${isoDateInChina(from)}T00:00:00.000Z`);
  for (let left = days; left > 0; ) {
    t += DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}
