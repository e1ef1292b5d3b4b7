import { z } from 'zod';
import holidays2025 from './holidays/2025.json';
import holidays2026 from './holidays/2026.json';
import holidays2027 from './holidays/2027.json';
import { isoDateInChina } from './validators/date';

/**
 * Working days in China: Monday to Friday, less the public holidays and plus the make-up working
 * days (调休) that the State Council publishes each year (国务院办公厅关于部分节假日安排的通知).
 * One data file per year (holidays/YYYY.json); the gateway may replace or add years by
 * configuration (HOLIDAY_CALENDAR_DIR). Pure data and arithmetic: no clock is read here.
 */

const zDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** One year's schedule as the State Council published it. */
export const zHolidayYear = z
  .strictObject({
    year: z.int().min(2000).max(2100),
    /** The notice the dates come from. */
    source: z.string().min(1),
    /** True while the year holds only the statutory days, before the notice with its 调休 is published. */
    provisional: z.boolean(),
    holidays: z.array(zDay),
    workdays: z.array(zDay),
  })
  .superRefine((y, ctx) => {
    for (const field of ['holidays', 'workdays'] as const) {
      y[field].forEach((d, i) => {
        if (!d.startsWith(`${y.year}-`)) ctx.addIssue({ code: 'custom', path: [field, i], message: `${d} is not in ${y.year}` });
      });
    }
    const both = y.holidays.filter((d) => y.workdays.includes(d));
    if (both.length) ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${both.join(', ')} listed as holiday and as working day` });
  });
export type HolidayYear = z.output<typeof zHolidayYear>;

export const BUILT_IN_HOLIDAY_YEARS: readonly HolidayYear[] = [holidays2025, holidays2026, holidays2027].map((y) => zHolidayYear.parse(y));

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A span of China dates whose working days do not count: (from, to], as the day numbers of its ends. */
interface Span {
  from: number;
  to: number;
}

export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  readonly years: ReadonlyMap<number, HolidayYear>;

  /** Later entries for the same year replace earlier ones (configuration over the built-in files). */
  constructor(years: readonly HolidayYear[]) {
    const byYear = new Map<number, HolidayYear>();
    for (const y of years) byYear.set(y.year, y);
    for (const y of byYear.values()) {
      for (const d of y.holidays) this.holidays.add(d);
      for (const d of y.workdays) this.workdays.add(d);
    }
    this.years = byYear;
  }

  /** A year without a schedule falls back to Monday–Friday. */
  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * Working days from one instant to another, in China dates: those after the start date up to
   * and including the end date (accepted Friday, recorded Monday: 1), leaving out every day in
   * a paused span (from, to] — the days after a pause began up to the day it ended.
   */
  workingDaysBetween(from: string, to: string, paused: ReadonlyArray<{ from: string; to: string }> = []): number {
    const spans: Span[] = paused.map((p) => ({ from: dayNumber(isoDateInChina(p.from)), to: dayNumber(isoDateInChina(p.to)) }));
    const end = dayNumber(isoDateInChina(to));
    let days = 0;
    for (let d = dayNumber(isoDateInChina(from)) + 1; d <= end; d++) {
      if (spans.some((s) => d > s.from && d <= s.to)) continue;
      if (this.isWorkingDay(dateOf(d))) days++;
    }
    return days;
  }
}

/** The calendar of the files shipped with the code. */
export const DEFAULT_WORKING_CALENDAR = new WorkingCalendar(BUILT_IN_HOLIDAY_YEARS);
