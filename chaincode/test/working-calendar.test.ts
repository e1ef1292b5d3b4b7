import { BUILT_IN_HOLIDAY_YEARS, DEFAULT_WORKING_CALENDAR, TIME_LIMIT_WORKING_DAYS, WorkingCalendar, processingTime, type Registration } from '../src';

const cal = DEFAULT_WORKING_CALENDAR;
/** An instant at 10:00 China time on a date. */
const at = (date: string) => `${date}T02:00:00.000Z`;
const step = (status: Registration['status'], date: string) => ({ status, actor: { msp: 'RegistryMSP', role: 'clerk', id: 'x', txId: 't', at: at(date) } });

describe('the holiday calendar of the State Council schedules', () => {
  test('ships 2025, 2026 and 2027, the last marked provisional until its 调休 notice is entered', () => {
    expect(BUILT_IN_HOLIDAY_YEARS.map((y) => [y.year, y.provisional])).toEqual([[2025, false], [2026, false], [2027, true]]);
  });

  test.each([
    ['2026-02-14', true, 'a Saturday made a working day (春节调休)'],
    ['2026-02-16', false, 'a Monday of the Spring Festival break'],
    ['2025-10-11', true, 'the Saturday after National Day 2025'],
    ['2025-05-05', false, 'Labour Day 2025'],
    ['2026-03-07', false, 'an ordinary Saturday'],
    ['2026-03-09', true, 'an ordinary Monday'],
    ['2028-01-03', true, 'a Monday of a year without a schedule'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  test('counts the days after acceptance up to recording, in China dates', () => {
    // Accepted Thursday 12 Feb 2026, recorded Wednesday 25 Feb: 13, 14 (make-up), 24, 25.
    expect(cal.workingDaysBetween(at('2026-02-12'), at('2026-02-25'))).toBe(4);
    // 23:30 on the 12th in China is still the 12th, though the 12th in UTC ends later.
    expect(cal.workingDaysBetween('2026-02-12T15:30:00.000Z', at('2026-02-13'))).toBe(1);
  });

  test('leaves out the days of a paused span', () => {
    expect(cal.workingDaysBetween(at('2026-03-02'), at('2026-04-01'), [{ from: at('2026-03-03'), to: at('2026-03-31') }])).toBe(2);
  });

  test('a later year file replaces the built-in one', () => {
    const local = new WorkingCalendar([...BUILT_IN_HOLIDAY_YEARS, { year: 2026, source: 'local', provisional: false, holidays: ['2026-03-09'], workdays: [] }]);
    expect(local.isWorkingDay('2026-03-09')).toBe(false);
    expect(local.isWorkingDay('2026-02-16')).toBe(true);
  });
});

describe('processing time against the statutory limit', () => {
  test('only mortgage cancellation (and the lifting of a seizure) is immediate; mortgage 3, the others 5 (reference/004)', () => {
    expect(TIME_LIMIT_WORKING_DAYS).toMatchObject({ MORTGAGE_CANCELLATION: 0, SEIZURE_LIFT: 0, MORTGAGE: 3, CANCELLATION: 5, TRANSFER: 5, FIRST: 5 });
  });

  test('an open case waiting for a supplement is not overdue however long it waits; a suspended one neither', () => {
    const waiting = { type: 'TRANSFER' as const, steps: [step('APPLIED', '2026-03-02'), step('ACCEPTED', '2026-03-02'), step('NEEDS_SUPPLEMENT', '2026-03-03')] };
    expect(processingTime(waiting, cal, at('2026-06-30'))).toMatchObject({ workingDays: 1, overdue: false, withinLimit: null });
    const suspended = { type: 'TRANSFER' as const, steps: [step('ACCEPTED', '2026-03-02'), step('SUSPENDED', '2026-03-04')] };
    expect(processingTime(suspended, cal, at('2026-06-30'))).toMatchObject({ workingDays: 2, overdue: false });
    const idle = { type: 'TRANSFER' as const, steps: [step('ACCEPTED', '2026-03-02')] };
    expect(processingTime(idle, cal, at('2026-03-10'))).toMatchObject({ workingDays: 6, overdue: true });
  });

  test('a resumed case counts again from its resumption', () => {
    const resumed = { type: 'MORTGAGE' as const, recordedAt: at('2026-03-20'), steps: [step('ACCEPTED', '2026-03-02'), step('SUSPENDED', '2026-03-03'), step('ACCEPTED', '2026-03-18'), step('RECORDED', '2026-03-20')] };
    expect(processingTime(resumed, cal)).toMatchObject({ workingDays: 3, withinLimit: true, overdue: false });
  });
});
