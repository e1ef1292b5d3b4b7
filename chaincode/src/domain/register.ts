import type { EndedRestriction, Instant, Seizure, Unit, UnitFlags } from './model';
import { NOTICE_LAPSE_DAYS, OBJECTION_LAPSE_DAYS, addDaysToInstant, endOfChinaDate } from './time-limits';

/**
 * The register of one unit: lazy lapse of time-limited restrictions and the derived flags.
 * Pure functions over a Unit, shared by chaincode (to write) and queries (to show).
 */
export interface Refreshed {
  unit: Unit;
  ended: EndedRestriction[];
}

export function activeSeizure(unit: Unit): Seizure | undefined {
  return unit.seizures.find((s) => s.status === 'ACTIVE');
}

/** Queue order is service time; ties keep recording order. */
export function queuedSeizures(unit: Unit): Seizure[] {
  return unit.seizures.filter((s) => s.status === 'QUEUED').sort((a, b) => a.servedAt.localeCompare(b.servedAt));
}

/** Promotes the first queued seizure, effective from `from`. */
export function promoteNextSeizure(unit: Unit, from: Instant): Seizure | undefined {
  const next = queuedSeizures(unit)[0];
  if (next) {
    next.status = 'ACTIVE';
    next.activeFrom = from;
  }
  return next;
}

export function seizureEnd(s: Seizure): Instant | undefined {
  return s.endDate ? endOfChinaDate(s.endDate) : undefined;
}

/**
 * Applies every lapse due at `now`: expired seizures (promoting the queue from the expiry
 * instant, possibly several in a row), objections without a lawsuit after 15 days, advance
 * notices 90 days after final registration became possible.
 */
export function refreshUnit(source: Unit, now: Instant, txId: string): Refreshed {
  const unit: Unit = structuredClone(source);
  const ended: EndedRestriction[] = [];

  for (;;) {
    const active = activeSeizure(unit);
    const end = active && seizureEnd(active);
    if (!active || !end || end >= now) break;
    unit.seizures = unit.seizures.filter((s) => s !== active);
    ended.push({ kind: 'SEIZURE', id: active.seizureId, reason: 'EXPIRED', at: end, txId });
    promoteNextSeizure(unit, end);
  }

  const keptObjections = [];
  for (const o of unit.objections) {
    const lapseAt = addDaysToInstant(o.recordedAt, OBJECTION_LAPSE_DAYS);
    if (!o.lawsuitFiled && lapseAt <= now) {
      ended.push({ kind: 'OBJECTION', id: o.rightId, reason: 'LAPSED', at: lapseAt, txId });
      unit.lapsedObjections.push({ applicant: o.applicant, reasonHash: reasonFingerprint(o.reason), lapsedAt: lapseAt });
    } else keptObjections.push(o);
  }
  unit.objections = keptObjections;

  const keptNotices = [];
  for (const n of unit.notices) {
    const lapseAt = n.possibleFrom && addDaysToInstant(n.possibleFrom, NOTICE_LAPSE_DAYS);
    if (lapseAt && lapseAt <= now) ended.push({ kind: 'NOTICE', id: n.rightId, reason: 'LAPSED', at: lapseAt, txId });
    else keptNotices.push(n);
  }
  unit.notices = keptNotices;

  if (ended.length > 0) unit.registerVersion += 1;
  return { unit, ended };
}

/** Normalised reason text, so "same reason" survives whitespace and case differences. */
export function reasonFingerprint(reason: string): string {
  return reason.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function unitFlags(unit: Unit): UnitFlags {
  return {
    registered: unit.ownership !== undefined,
    seized: unit.seizures.some((s) => s.status === 'ACTIVE'),
    seizureQueued: unit.seizures.some((s) => s.status === 'QUEUED'),
    mortgaged: unit.mortgages.length > 0,
    advanceNotice: unit.notices.length > 0,
    objection: unit.objections.length > 0,
    residenceRight: unit.residence.length > 0,
    contractFiled: unit.filedContract !== undefined,
    caseInFlight: unit.caseInFlight !== undefined,
  };
}
