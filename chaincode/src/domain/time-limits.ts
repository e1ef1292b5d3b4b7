import { RuleError } from './errors';
import type { Instant, Registration, RegistrationStatus, RegistrationType } from './model';
import { isoDateInChina } from './validators/date';
import type { WorkingCalendar } from './working-calendar';

/** Statutory time limits, evaluated lazily from the transaction timestamp (chaincode has no scheduler). */
export const OBJECTION_LAPSE_DAYS = 15; // Civil Code 220
export const NOTICE_LAPSE_DAYS = 90; // Civil Code 221
export const SEIZURE_MAX_YEARS = 3; // 法释〔2004〕15号 (2020 revision)
/** 细则 81: the party notified of a wrong entry has 30 working days to apply for its correction. */
export const CORRECTION_NOTICE_WORKING_DAYS = 30;
/** 细则 17: an announcement runs at least 15 working days. */
export const ANNOUNCEMENT_WORKING_DAYS = 15;

/**
 * Refuses a step taken before `days` working days have passed since `since` (on the transaction's
 * timestamp `now`), naming the first China date it is allowed on.
 */
export function checkPeriodEnded(period: string, since: Instant, days: number, now: Instant, calendar: WorkingCalendar): void {
  const passed = calendar.workingDaysBetween(since, now);
  if (passed < days) {
    throw new RuleError('PERIOD_NOT_ENDED', `${period}: ${passed} of ${days} working days since ${isoDateInChina(since)} have passed; allowed from ${calendar.addWorkingDays(since, days)}`);
  }
}

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
 * Processing time limits in working days from acceptance; 0 means at once (即办). reference/004,
 * 肇庆 platform plan §2.1: "抵押登记3个工作日内、其他登记类型5个工作日内办结，抵押权注销、解封等登记类型即办"
 * (after 国办发〔2019〕8号). Only mortgage cancellation and the lifting of a seizure are immediate.
 */
export const TIME_LIMIT_WORKING_DAYS: Record<RegistrationType | 'SEIZURE_LIFT', number> = {
  FIRST: 5,
  TRANSFER: 5,
  CHANGE: 5,
  CORRECTION: 5,
  CANCELLATION: 5,
  MORTGAGE: 3,
  MORTGAGE_CANCELLATION: 0,
  NOTICE: 5,
  RESIDENCE: 5,
  NOTICE_CANCELLATION: 5,
  OBJECTION_CANCELLATION: 5,
  MORTGAGE_TRANSFER: 3,
  MORTGAGE_CHANGE: 3,
  // A 预告登记 (004's three days name 抵押登记; its conversion is a MORTGAGE case, 3 days).
  MORTGAGE_NOTICE: 5,
  // Counted like the holder's correction; the notice and announcement periods do not count (细则 17).
  REGISTRY_CORRECTION: 5,
  SEIZURE_LIFT: 0,
};

/**
 * Statuses in which the case waits on the applicant or a court: the time limit stops (国办发〔2019〕8号:
 * 补正 time not counted). A registry correction waits on the party's own correction (NOTIFIED, 细则 81)
 * and on its announcement (ANNOUNCED; 细则 17: 公告时间不计入办理时限).
 */
export const PAUSING: ReadonlySet<RegistrationStatus> = new Set(['NEEDS_SUPPLEMENT', 'SUSPENDED', 'NOTIFIED', 'ANNOUNCED']);

export interface ProcessingTime {
  /** First acceptance (受理): the limit runs from here. */
  acceptedAt: Instant | null;
  /** Recording (登簿), or null while the case is open. */
  completedAt: Instant | null;
  limit: number;
  /** Working days used until completion, or until `asOf` for an open case; null before acceptance. */
  workingDays: number | null;
  /** Completed within the limit; null while open. */
  withinLimit: boolean | null;
  /** Past the limit: completed late, or open and already beyond it at `asOf`. */
  overdue: boolean;
}

/**
 * A case's processing time against its statutory limit, on the given working-day calendar. The
 * spans spent waiting for a supplement, suspended by a seizure or in a registry correction's notice
 * and announcement periods do not count. `asOf` is the
 * instant an open case is judged at (the gateway's register clock; never read in chaincode).
 */
export function processingTime(reg: Pick<Registration, 'type' | 'steps' | 'recordedAt'>, calendar: WorkingCalendar, asOf?: Instant): ProcessingTime {
  const limit = TIME_LIMIT_WORKING_DAYS[reg.type];
  // The registry's own case has no intake: it runs from its first step.
  const accepted = reg.type === 'REGISTRY_CORRECTION' ? 0 : reg.steps.findIndex((s) => s.status === 'ACCEPTED');
  const acceptedAt = accepted < 0 ? null : reg.steps[accepted].actor.at;
  const completedAt = reg.recordedAt ?? null;
  const until = completedAt ?? asOf;
  if (acceptedAt === null || until === undefined) return { acceptedAt, completedAt, limit, workingDays: null, withinLimit: null, overdue: false };
  const paused: Array<{ from: Instant; to: Instant }> = [];
  reg.steps.slice(accepted).forEach((s, i, after) => {
    if (PAUSING.has(s.status)) paused.push({ from: s.actor.at, to: after[i + 1]?.actor.at ?? until });
  });
  const workingDays = calendar.workingDaysBetween(acceptedAt, until, paused);
  return { acceptedAt, completedAt, limit, workingDays, withinLimit: completedAt ? workingDays <= limit : null, overdue: workingDays > limit };
}

