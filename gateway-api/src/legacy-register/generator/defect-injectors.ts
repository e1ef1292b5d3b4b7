import { addDays } from '@estate-ledger/chaincode';
import type { Fields, RecordType } from '../layout';
import { CREDIT_CODE_CHARSET, RESIDENT_ID_CHECK_CHARS, residentId, personName, withWrongCheckChar } from './identities';
import { areaText, cleanUnit, type RegisterSequences, type UnitGroup, type UnitPlan } from './register-plan';
import type { SeededRandom } from './seeded-random';

/** The record a defect was injected into: the inspection must report it under the defect's rule. */
export type InjectedRecord = { type: RecordType; record: object };

export interface InjectionContext {
  rng: SeededRandom;
  asOf: string;
  seq: RegisterSequences;
  nextPlan(): UnitPlan;
  /** A unit number no unit has (valid in format): for records on a unit that is not in the register. */
  missingUnitNumber(): string;
  /** From earlier clean groups: a unit number, a certificate number, and the last legacy id of each table. */
  earlier: { unitNumber?: string; certNumber?: string; legacyIds: Partial<Record<RecordType, string>> };
}

type Injector = (g: UnitGroup, ctx: InjectionContext) => InjectedRecord | undefined;

const last = <T>(items: T[]): T | undefined => items[items.length - 1];
const currentRight = (g: UnitGroup) => g.rights.find((r) => r.status === 'CURRENT');
/** A right that has a successor, with that successor. */
const succeeded = (g: UnitGroup) => {
  const i = g.rights.findIndex((r) => r.status === 'HISTORICAL');
  return i >= 0 && i + 1 < g.rights.length ? { right: g.rights[i], successor: g.rights[i + 1] } : undefined;
};
/** A certificate with a unified 不动产权 number (the format and year rules of which are injected on it). */
const unifiedCertificate = (g: UnitGroup) => g.certificates.find((c) => c.cert_number.includes('不动产权第'));
const liveMortgages = (g: UnitGroup) => g.mortgages.filter((m) => m.status === 'LIVE');
const activeSeizure = (g: UnitGroup) => g.seizures.find((s) => s.queue_order === '1');

/** A document number with its check character changed: what a typing mistake does to it. */
function mistyped(id: string): string {
  return /^\d{17}[\dX]$/.test(id) ? withWrongCheckChar(id, RESIDENT_ID_CHECK_CHARS) : withWrongCheckChar(id, CREDIT_CODE_CHARSET);
}

function replaceFirstOfList(list: string, f: (v: string) => string): string {
  const items = list.split(';');
  items[0] = f(items[0]);
  return items.join(';');
}

function renumberGroup(g: UnitGroup, unitNumber: string): void {
  g.unit.unit_number = unitNumber;
  for (const list of [g.rights, g.certificates, g.mortgages, g.seizures, g.notices, g.objections, g.residences]) for (const r of list) r.unit_number = unitNumber;
}

const set = <T extends RecordType>(type: T, record: Fields<T> | undefined, change: (r: Fields<T>) => void): InjectedRecord | undefined => {
  if (!record) return undefined;
  change(record);
  return { type, record };
};

/** The first of the records offered that exists, changed. */
const onFirst = (...candidates: Array<() => InjectedRecord | undefined>): InjectedRecord | undefined => {
  for (const c of candidates) {
    const done = c();
    if (done) return done;
  }
  return undefined;
};

const yearOf = (d: string) => Number(d.slice(0, 4));

/**
 * How to plant a defect of each rule in a clean group so that the inspection reports it on the
 * record returned and on no clean record: every change keeps the other records of the group
 * consistent. An injector returns undefined when the group has no record of the needed shape.
 */
export const DEFECT_INJECTORS: Readonly<Record<string, Injector>> = {
  UNIT_FIELDS_MISSING: (g) => set('unit', g.unit, (u) => (u.location = '')),
  RIGHT_FIELDS_MISSING: (g) => set('right', currentRight(g), (r) => (r.right_type = '')),
  CERTIFICATE_FIELDS_MISSING: (g) => set('certificate', g.certificates[0], (c) => (c.issued_on = '')),
  MORTGAGE_FIELDS_MISSING: (g) => set('mortgage', g.mortgages[0], (m) => (m.mortgagee_name = '')),
  SEIZURE_FIELDS_MISSING: (g) => set('seizure', g.seizures[0], (s) => (s.court = '')),
  NOTICE_FIELDS_MISSING: (g) => set('notice', g.notices[0], (n) => (n.proof_number = '')),
  OBJECTION_FIELDS_MISSING: (g) => set('objection', g.objections[0], (o) => (o.reason = '')),
  RESIDENCE_FIELDS_MISSING: (g) => set('residence', g.residences[0], (r) => (r.holder_names = '')),
  UNIT_HOUSE_CODE_MISSING: (g) => set('unit', g.unit, (u) => (u.house_code = '')),

  UNIT_NUMBER_INVALID: (g) => {
    const n = g.unit.unit_number;
    renumberGroup(g, n.slice(0, 19) + 'X' + n.slice(20));
    return { type: 'unit', record: g.unit };
  },
  DIVISION_CODE_INVALID: (g) => set('unit', g.unit, (u) => (u.district = u.district.slice(0, 4) + '00')),
  HOUSE_CODE_INVALID: (g) => set('unit', g.unit, (u) => (u.house_code = u.house_code.replace(/-/g, '_'))),
  RIGHT_TYPE_UNKNOWN: (g) => set('right', currentRight(g), (r) => (r.right_type = '42')),
  HOUSE_USE_UNKNOWN: (g) => set('unit', g.unit, (u) => (u.use = '15')),
  HOUSE_NATURE_UNKNOWN: (g) => set('unit', g.unit, (u) => (u.nature = '55')),
  CO_OWNERSHIP_UNKNOWN: (g) => set('right', currentRight(g), (r) => (r.co_ownership = '共有')),
  ID_DOCUMENT_KIND_UNKNOWN: (g) => set('right', currentRight(g), (r) => (r.holder_id_types = replaceFirstOfList(r.holder_id_types, () => '0'))),
  HOLDER_RESIDENT_ID_INVALID: (g) =>
    set('right', g.rights.find((r) => r.holder_id_types.startsWith('1')), (r) => (r.holder_ids = replaceFirstOfList(r.holder_ids, mistyped))),
  HOLDER_CREDIT_CODE_INVALID: (g) =>
    set('right', g.rights.find((r) => r.holder_id_types.startsWith('8')), (r) => (r.holder_ids = replaceFirstOfList(r.holder_ids, mistyped))),
  MORTGAGOR_ID_INVALID: (g) => set('mortgage', g.mortgages[0], (m) => (m.mortgagor_ids = replaceFirstOfList(m.mortgagor_ids, mistyped))),
  MORTGAGEE_CREDIT_CODE_INVALID: (g) => set('mortgage', g.mortgages[0], (m) => (m.mortgagee_code = mistyped(m.mortgagee_code))),
  NOTICE_HOLDER_ID_INVALID: (g) => set('notice', g.notices[0], (n) => (n.holder_ids = replaceFirstOfList(n.holder_ids, mistyped))),
  RESIDENCE_HOLDER_ID_INVALID: (g) => set('residence', g.residences[0], (r) => (r.holder_ids = mistyped(r.holder_ids))),
  OBJECTION_APPLICANT_ID_INVALID: (g) => set('objection', g.objections[0], (o) => (o.applicant_id = mistyped(o.applicant_id))),
  CERT_NUMBER_INVALID: (g) =>
    onFirst(
      () => set('certificate', unifiedCertificate(g), (c) => (c.cert_number = '中' + c.cert_number.slice(1))),
      () => set('certificate', g.certificates.find((c) => c.cert_number.includes('房权证')), (c) => (c.cert_number = c.cert_number.replace('字第', '字号'))),
    ),
  PROOF_NUMBER_INVALID: (g) =>
    onFirst(
      () => set('mortgage', g.mortgages[0], (m) => (m.proof_number = '中' + m.proof_number.slice(1))),
      () => set('notice', g.notices[0], (n) => (n.proof_number = '中' + n.proof_number.slice(1))),
    ),
  STATUS_UNKNOWN: (g) =>
    onFirst(
      () => set('mortgage', g.mortgages[0], (m) => (m.status = '有效')),
      () => set('certificate', g.certificates.find((c) => c.status === 'SUPERSEDED'), (c) => (c.status = '作废')),
    ),
  SEIZURE_KIND_UNKNOWN: (g) => set('seizure', g.seizures[0], (s) => (s.kind = '查封')),
  YES_NO_UNKNOWN: (g) =>
    onFirst(
      () => set('mortgage', g.mortgages[0], (m) => (m.maximum_amount = '是')),
      () => set('objection', g.objections[0], (o) => (o.lawsuit_filed = '否')),
    ),

  AREA_INVALID: (g) => set('unit', g.unit, (u) => (u.building_area = u.building_area + '.5')),
  FLOOR_INVALID: (g) => set('unit', g.unit, (u) => (u.floor = `${u.floor}F`)),
  MONEY_INVALID: (g) => set('mortgage', g.mortgages[0], (m) => (m.amount = Number(m.amount).toLocaleString('en-US') + '.00')),
  DATE_INVALID: (g) =>
    onFirst(
      () => set('mortgage', g.mortgages[0], (m) => (m.term_end = `${m.term_end.slice(0, 4)}-02-30`)),
      () => set('notice', g.notices[0], (n) => (n.registered_on = n.registered_on.replace(/-/g, '/'))),
      () => set('objection', g.objections[0], (o) => (o.registered_on = `${o.registered_on.slice(0, 4)}-13-01`)),
    ),
  DATE_IN_FUTURE: (g, ctx) =>
    onFirst(
      () => set('notice', g.notices[0], (n) => (n.registered_on = addDays(ctx.asOf, 5))),
      () => set('objection', g.objections[0], (o) => (o.registered_on = addDays(ctx.asOf, 5))),
    ),
  DATE_IMPLAUSIBLE: (g) => set('notice', g.notices[0], (n) => (n.registered_on = '1948-06-01')),
  SHARE_INVALID: (g) => set('right', g.rights.find((r) => r.co_ownership === 'SHARES'), (r) => (r.holder_shares = replaceFirstOfList(r.holder_shares, () => '半'))),
  RANK_INVALID: (g) => set('mortgage', liveMortgages(g)[0], (m) => (m.rank = '0')),
  QUEUE_ORDER_INVALID: (g) => set('seizure', last(g.seizures), (s) => (s.queue_order = '甲')),
  AREA_IMPLAUSIBLE: (g) => {
    g.unit.building_area = '1500.00';
    g.unit.inner_area = '';
    g.unit.shared_area = '';
    if (g.household) g.household.building_area = '1500.00';
    return { type: 'unit', record: g.unit };
  },

  UNIT_DIVISION_MISMATCH: (g) => set('unit', g.unit, (u) => (u.district = u.district === '510104' ? '510107' : '510104')),
  UNIT_AREA_SUM: (g) => set('unit', g.unit, (u) => (u.inner_area = areaText(Math.round(Number(u.inner_area) * 100) + 500))),
  HOLDER_LISTS_UNEQUAL: (g, ctx) => set('right', currentRight(g), (r) => (r.holder_ids = `${r.holder_ids};${residentId(ctx.rng)}`)),
  HOLDER_COUNT_MISMATCH: (g) => set('right', g.rights.find((r) => r.co_ownership === 'SOLE'), (r) => (r.co_ownership = 'JOINT')),
  SHARES_NOT_ONE: (g) =>
    onFirst(
      () => set('right', g.rights.find((r) => r.co_ownership === 'SHARES'), (r) => (r.holder_shares = replaceFirstOfList(r.holder_shares, (s) => (Number(s) - 0.1).toFixed(4)))),
      () => set('right', g.rights.find((r) => r.co_ownership === 'SOLE'), (r) => (r.holder_shares = '1')),
    ),
  RIGHT_DATES_ORDER: (g) => {
    const pair = succeeded(g);
    if (!pair) return undefined;
    pair.right.ended_on = addDays(pair.right.registered_on, -30);
    pair.successor.registered_on = pair.right.ended_on;
    return { type: 'right', record: pair.right };
  },
  RIGHT_STATUS_DATES: (g) => set('right', currentRight(g), (r) => (r.ended_on = addDays(r.registered_on, 10))),
  MORTGAGE_TERM_ORDER: (g) =>
    set('mortgage', g.mortgages[0], (m) => {
      [m.term_start, m.term_end] = [m.term_end, m.term_start];
    }),
  MORTGAGE_TERM_BOUNDS: (g) => set('mortgage', g.mortgages[0], (m) => (m.term_end = addDays(m.term_start, 365 * 40))),
  PROOF_NUMBER_KIND: (g) =>
    onFirst(
      () => set('mortgage', g.mortgages[0], (m) => (m.proof_number = m.proof_number.replace('不动产证明', '不动产权'))),
      () => set('notice', g.notices[0], (n) => (n.proof_number = n.proof_number.replace('不动产证明', '不动产权'))),
    ),
  CERT_NUMBER_KIND: (g) => set('certificate', unifiedCertificate(g), (c) => (c.cert_number = c.cert_number.replace('不动产权', '不动产证明'))),
  CERT_LEGACY_NUMBER_LATE: (g, ctx) => set('certificate', unifiedCertificate(g), (c) => (c.cert_number = ctx.seq.legacyTitleNumber(g.county))),
  CERT_YEAR_MISMATCH: (g) =>
    set('certificate', unifiedCertificate(g), (c) => {
      const year = yearOf(c.issued_on);
      c.cert_number = c.cert_number.replace(`(${year})`, `(${year >= 2016 ? year - 1 : year + 1})`);
    }),
  SEIZURE_TERM_MISSING: (g) => set('seizure', activeSeizure(g), (s) => (s.term_end = '')),
  SEIZURE_TERM_TOO_LONG: (g) => set('seizure', activeSeizure(g), (s) => (s.term_end = addDays(s.term_start, 365 * 5))),
  SEIZURE_STATUS_QUEUE: (g) => set('seizure', activeSeizure(g), (s) => (s.status = 'QUEUED')),
  SEIZURE_TERM_ENDED: (g, ctx) =>
    set('seizure', g.seizures.length === 1 ? g.seizures[0] : undefined, (s) => (s.term_end = addDays(ctx.asOf, -ctx.rng.int(1, 50)))),
  NOTICE_LAPSED: (g, ctx) =>
    set('notice', g.notices.find((n) => n.registered_on <= addDays(ctx.asOf, -90)), (n) => (n.final_possible_on = n.registered_on)),
  RESIDENCE_BEFORE_CIVIL_CODE: (g) => set('residence', g.residences[0], (r) => (r.registered_on = '2020-12-31')),
  RESIDENCE_TERM_ENDED: (g, ctx) => set('residence', g.residences.find((r) => r.registered_on < addDays(ctx.asOf, -1)), (r) => (r.term_end = addDays(ctx.asOf, -1))),
  OBJECTION_LAPSED: (g, ctx) =>
    set('objection', g.objections[0], (o) => {
      o.registered_on = addDays(ctx.asOf, -60);
      o.lawsuit_filed = 'N';
    }),

  LEGACY_ID_DUPLICATE: (g, ctx) => {
    const ids = ctx.earlier.legacyIds;
    return onFirst(
      () => (ids.mortgage ? set('mortgage', g.mortgages[0], (m) => (m.legacy_id = ids.mortgage as string)) : undefined),
      () => (ids.seizure ? set('seizure', g.seizures[0], (s) => (s.legacy_id = ids.seizure as string)) : undefined),
      () => (ids.notice ? set('notice', g.notices[0], (n) => (n.legacy_id = ids.notice as string)) : undefined),
    );
  },
  UNIT_NUMBER_DUPLICATE: (g, ctx) => {
    const extra = cleanUnit(ctx.rng, ctx.nextPlan(), ctx.seq);
    extra.unit.unit_number = g.unit.unit_number;
    extra.unit.district = g.unit.district;
    g.extraUnits.push(extra);
    return { type: 'unit', record: extra.unit };
  },
  HOUSE_CODE_DUPLICATE: (g, ctx) => {
    const extra = cleanUnit(ctx.rng, ctx.nextPlan(), ctx.seq);
    for (const k of ['house_code', 'floor', 'room', 'building_area', 'inner_area', 'shared_area', 'use'] as const) extra.unit[k] = g.unit[k];
    g.extraUnits.push({ unit: extra.unit });
    return { type: 'unit', record: extra.unit };
  },
  CERT_NUMBER_DUPLICATE: (g, ctx) => {
    const earlier = ctx.earlier.certNumber;
    const cert = g.certificates.find((c) => earlier && c.issued_on.slice(0, 4) === earlier.slice(2, 6));
    return earlier ? set('certificate', cert, (c) => (c.cert_number = earlier)) : undefined;
  },
  CURRENT_RIGHT_DUPLICATE: (g, ctx) => {
    const current = currentRight(g);
    if (!current) return undefined;
    const extra: Fields<'right'> = { ...current, legacy_id: ctx.seq.legacyId('QL'), predecessor_id: '', holder_names: personName(ctx.rng), holder_id_types: '1', holder_ids: residentId(ctx.rng), co_ownership: 'SOLE', holder_shares: '' };
    g.rights.push(extra);
    return { type: 'right', record: extra };
  },

  RIGHT_UNIT_MISSING: (g, ctx) => {
    const current = currentRight(g);
    if (!current) return undefined;
    const extra: Fields<'right'> = { ...current, legacy_id: ctx.seq.legacyId('QL'), predecessor_id: '', unit_number: ctx.missingUnitNumber() };
    g.rights.push(extra);
    return { type: 'right', record: extra };
  },
  CERTIFICATE_UNIT_MISSING: (g, ctx) => set('certificate', g.certificates[0], (c) => (c.unit_number = ctx.missingUnitNumber())),
  MORTGAGE_UNIT_MISSING: (g, ctx) => set('mortgage', g.mortgages[0], (m) => (m.unit_number = ctx.missingUnitNumber())),
  SEIZURE_UNIT_MISSING: (g, ctx) => set('seizure', g.seizures.length === 1 ? g.seizures[0] : undefined, (s) => (s.unit_number = ctx.missingUnitNumber())),
  NOTICE_UNIT_MISSING: (g, ctx) => set('notice', g.notices[0], (n) => (n.unit_number = ctx.missingUnitNumber())),
  OBJECTION_UNIT_MISSING: (g, ctx) => set('objection', g.objections[0], (o) => (o.unit_number = ctx.missingUnitNumber())),
  RESIDENCE_UNIT_MISSING: (g, ctx) => set('residence', g.residences[0], (r) => (r.unit_number = ctx.missingUnitNumber())),
  RESIDENCE_WITHOUT_OWNER: (g) => {
    const current = currentRight(g);
    if (!current || g.residences.length === 0) return undefined;
    // The owner's right ended before the residence right was recorded, and nobody followed: the unit has no owner.
    current.status = 'HISTORICAL';
    current.ended_on = g.residences[0].registered_on;
    for (const c of g.certificates) if (c.right_id === current.legacy_id && c.status === 'VALID') c.status = 'CANCELLED';
    return { type: 'residence', record: g.residences[0] };
  },
  CHAIN_PREDECESSOR_MISSING: (g) => set('right', succeeded(g)?.successor, (r) => (r.predecessor_id = `${r.predecessor_id}X`)),
  CHAIN_DISCONTINUOUS: (g) => set('right', succeeded(g)?.successor, (r) => (r.registered_on = addDays(r.registered_on, -3))),
  CHAIN_FORK: (g, ctx) => {
    const pair = succeeded(g);
    if (!pair) return undefined;
    const { right } = pair;
    const fork: Fields<'right'> = {
      ...pair.successor,
      legacy_id: ctx.seq.legacyId('QL'),
      status: 'HISTORICAL',
      predecessor_id: right.legacy_id,
      registered_on: right.ended_on,
      ended_on: addDays(right.ended_on, 10),
    };
    g.rights.push(fork);
    return { type: 'right', record: fork };
  },
  CERT_RIGHT_MISSING: (g) => set('certificate', g.certificates[0], (c) => (c.right_id = `${c.right_id}X`)),
  CERT_UNIT_MISMATCH: (g, ctx) => (ctx.earlier.unitNumber ? set('certificate', g.certificates[0], (c) => (c.unit_number = ctx.earlier.unitNumber as string)) : undefined),
  CERT_LIVE_DUPLICATE: (g, ctx) => {
    const live = g.certificates.find((c) => c.status === 'VALID');
    if (!live) return undefined;
    const extra: Fields<'certificate'> = { ...live, legacy_id: ctx.seq.legacyId('ZS'), cert_number: ctx.seq.titleNumber(g.county, live.issued_on), content_hash: '' };
    g.certificates.push(extra);
    return { type: 'certificate', record: extra };
  },
  CERT_LIVE_ON_ENDED_RIGHT: (g) => set('certificate', g.certificates.find((c) => c.status === 'SUPERSEDED'), (c) => (c.status = 'VALID')),
  CERT_BEFORE_RIGHT: (g) => {
    // Not on a right registered on 1 January: the day before would also change the certificate's year.
    const right = g.rights.find((r) => !r.registered_on.endsWith('-01-01') && g.certificates.some((c) => c.right_id === r.legacy_id));
    const cert = right && g.certificates.find((c) => c.right_id === right.legacy_id);
    return right ? set('certificate', cert, (c) => (c.issued_on = addDays(right.registered_on, -1))) : undefined;
  },
  SEIZURE_QUEUE_GAP: (g) => set('seizure', g.seizures.length >= 2 ? last(g.seizures) : undefined, (s) => (s.queue_order = String(Number(s.queue_order) + 1))),
  SEIZURE_QUEUE_DUPLICATE: (g) => set('seizure', g.seizures.length >= 3 ? last(g.seizures) : undefined, (s) => (s.queue_order = String(Number(s.queue_order) - 1))),
  SEIZURE_QUEUE_SERVICE_ORDER: (g) => set('seizure', g.seizures.length >= 2 ? last(g.seizures) : undefined, (s) => (s.served_on = addDays(g.seizures[0].served_on, -5))),
  MORTGAGE_RANK_DUPLICATE: (g) => set('mortgage', liveMortgages(g)[1], (m) => (m.rank = '1')),

  BT_HOUSE_CODE_UNKNOWN: (g) => {
    if (!g.household) return undefined;
    g.household = undefined;
    return { type: 'unit', record: g.unit };
  },
  BT_FLOOR_MISMATCH: (g) => {
    if (!g.household) return undefined;
    g.household.floor = String(Number(g.unit.floor) + 1);
    return { type: 'unit', record: g.unit };
  },
  BT_ROOM_MISMATCH: (g) => {
    if (!g.household) return undefined;
    g.household.room = String(Number(g.unit.room) + 50);
    return { type: 'unit', record: g.unit };
  },
  BT_AREA_MISMATCH: (g) => {
    if (!g.household) return undefined;
    g.household.building_area = areaText(Math.round(Number(g.unit.building_area) * 100) + 300);
    return { type: 'unit', record: g.unit };
  },
};
