import { Check, checkFailed, checkPassed } from './result';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function checkIsoDate(s: string): Check<{ date: string }> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return checkFailed('DATE_FORMAT', 'The date must be written as YYYY-MM-DD, for example 2024-03-15.');
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return checkFailed('DATE_CALENDAR', `The date ${s} does not exist in the calendar.`);
  }
  return checkPassed({ date: s });
}

/** Cross-field rule of a period: it does not end before it starts. Malformed dates are their own fields' errors. */
export function checkDateRange(start: string, end: string): Check<void> {
  if (checkIsoDate(start).ok && checkIsoDate(end).ok && end < start) {
    return checkFailed('DATE_RANGE_ORDER', `The period ends on ${end}, before it starts on ${start}.`);
  }
  return checkPassed(undefined);
}

function toIso(d: Date): string {
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** Calendar arithmetic on YYYY-MM-DD dates; throws on an invalid date or a result outside years 0001-9999. */
export function addDays(isoDate: string, n: number): string {
  const checked = checkIsoDate(isoDate);
  if (!checked.ok) throw new RangeError(checked.message);
  if (!Number.isSafeInteger(n)) throw new RangeError('The number of days must be an integer.');
  const [y, m, d] = isoDate.split('-').map(Number);
  const t = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  t.setUTCFullYear(y, m - 1, d + n);
  const year = t.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) throw new RangeError(`Adding ${n} days to ${isoDate} leaves the years 0001-9999.`);
  return toIso(t);
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar date in China (UTC+8, no daylight saving) at an instant, e.g. a transaction
 * timestamp: the register's "today", whatever the host's time zone.
 */
export function isoDateInChina(instant: Date | string): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid instant.');
  return toIso(new Date(t + CHINA_OFFSET_MS));
}

/** The time of day in China at an instant, as HH:MM (an appointment slot's start or end). */
export function timeOfDayInChina(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of a China date and time of day (HH:MM), whatever the host's time zone. */
export function instantInChina(isoDate: string, timeOfDay: string): Date {
  return new Date(`${isoDate}T${timeOfDay}:00+08:00`);
}
