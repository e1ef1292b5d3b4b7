import { addDays, checkDateRange, checkIsoDate, daysInMonth, isLeapYear, isoDateInChina } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

describe('checkIsoDate', () => {
  it('accepts a real calendar date', () => {
    expect(expectOk(checkIsoDate('2024-03-15'))).toEqual({ date: '2024-03-15' });
  });

  it('accepts 29 February in leap years, including 2000', () => {
    expectOk(checkIsoDate('2024-02-29'));
    expectOk(checkIsoDate('2000-02-29'));
  });

  it('rejects 29 February in 2023 and 1900 with DATE_CALENDAR', () => {
    expectRule(checkIsoDate('2023-02-29'), 'DATE_CALENDAR');
    expectRule(checkIsoDate('1900-02-29'), 'DATE_CALENDAR');
  });

  it('rejects 30 February, 31 April, month 00 and 13, day 00 and 32, and year 0000 with DATE_CALENDAR', () => {
    for (const s of ['2024-02-30', '2024-04-31', '2024-00-10', '2024-13-01', '2024-01-00', '2024-01-32', '0000-01-01']) {
      expectRule(checkIsoDate(s), 'DATE_CALENDAR');
    }
  });

  it('accepts the last day of each month', () => {
    for (const s of ['2023-01-31', '2023-02-28', '2023-04-30', '2023-12-31', '9999-12-31', '0001-01-01']) expectOk(checkIsoDate(s));
  });

  it('rejects other shapes with DATE_FORMAT', () => {
    for (const s of ['2024-3-15', '20240315', '2024/03/15', '15-03-2024', '2024-03-15T00:00:00Z', '24-03-15', '', '２０２４-03-15']) {
      expectRule(checkIsoDate(s), 'DATE_FORMAT');
    }
  });

  it('rejects surrounding spaces with DATE_FORMAT', () => {
    expectRule(checkIsoDate(' 2024-03-15'), 'DATE_FORMAT');
    expectRule(checkIsoDate('2024-03-15 '), 'DATE_FORMAT');
  });
});

describe('calendar helpers', () => {
  it('apply the Gregorian leap-year rule', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 9)).toBe(30);
  });
});

describe('addDays', () => {
  it('crosses month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-01-01', 90)).toBe('2024-03-31');
  });

  it('goes backwards with a negative count and returns the same date for 0', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', 0)).toBe('2024-03-01');
  });

  it('handles years below 100 without the 1900 offset of Date.UTC', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('throws on an invalid date, a fractional count or a result outside 0001-9999', () => {
    expect(() => addDays('2023-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2024-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('2024-01-01', Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
  });
});

describe('isoDateInChina', () => {
  it('switches date at 16:00 UTC, midnight in Beijing', () => {
    expect(isoDateInChina(new Date('2024-06-01T15:59:59.999Z'))).toBe('2024-06-01');
    expect(isoDateInChina(new Date('2024-06-01T16:00:00Z'))).toBe('2024-06-02');
  });

  it('throws on an invalid Date', () => {
    expect(() => isoDateInChina(new Date('nope'))).toThrow(RangeError);
  });
});

describe('checkDateRange', () => {
  it('accepts a period that ends after or on the day it starts', () => {
    expectOk(checkDateRange('2026-01-01', '2046-01-01'));
    expectOk(checkDateRange('2026-01-01', '2026-01-01'));
  });

  it('rejects a period that ends before it starts with DATE_RANGE_ORDER', () => {
    expect(expectRule(checkDateRange('2026-01-02', '2026-01-01'), 'DATE_RANGE_ORDER')).toContain('2026-01-01');
  });

  it('leaves malformed dates to their own fields', () => {
    expectOk(checkDateRange('2026-13-01', '2026-01-01'));
    expectOk(checkDateRange('2026-01-02', '1.1.2026'));
  });
});
