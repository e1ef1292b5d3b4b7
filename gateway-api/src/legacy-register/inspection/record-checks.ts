import {
  HOUSE_NATURE_CODES,
  HOUSE_USE_CODES,
  ID_DOCUMENT_CODES,
  RIGHT_TYPE_CODES,
  checkArea,
  UNIFIED_REGISTRATION_START,
  checkCertificateNumber,
  checkLegacyCertificateNumber,
  checkCountyCode,
  checkCreditCode,
  checkHouseCode,
  checkIdNumber,
  checkIsoDate,
  checkMoney,
  checkResidentId,
  checkUnitNumber,
  halfWidthTrimmed,
  legacyLapse,
  looksLikeLegacyCertificateNumber,
  type CertificateNumberInfo,
  type CodeTable,
} from '@estate-ledger/chaincode';
import {
  CERTIFICATE_STATUS,
  CO_OWNERSHIP,
  LAYOUT,
  MORTGAGE_STATUS,
  RIGHT_STATUS,
  SEIZURE_KIND,
  SEIZURE_STATUS,
  YES_NO,
  splitList,
  type Fields,
  type LegacyRecord,
  type RecordType,
} from '../layout';
import { seizureTermEnd } from '../seizure-term';

/** Reports one failed rule on the record being checked: the field it concerns and that field's value. */
export type Fail = (rule: string, field: string, value: string, message: string) => void;

/** What every check of one inspection shares: the inspection date (China date) and derived bounds. */
export interface CheckContext {
  asOf: string;
  today: Date;
  year: number;
}

export function checkContext(asOf: string): CheckContext {
  return { asOf, today: new Date(Date.parse(`${asOf}T12:00:00+08:00`)), year: Number(asOf.slice(0, 4)) };
}

export const EARLIEST_PLAUSIBLE_DATE = '1949-10-01';
export const MAX_MORTGAGE_TERM_YEARS = 30;
export const MAX_SEIZURE_TERM_YEARS = 3;

const DATE_FIELDS: Partial<Record<RecordType, readonly string[]>> = {
  right: ['registered_on', 'ended_on'],
  certificate: ['issued_on'],
  mortgage: ['registered_on', 'term_start', 'term_end'],
  seizure: ['served_on', 'term_start', 'term_end'],
  notice: ['registered_on', 'final_possible_on'],
  objection: ['registered_on'],
  residence: ['registered_on', 'term_end'],
};

/** Dates of events the register recorded: none can lie after the inspection date or before the register's beginnings. */
const EVENT_DATE_FIELDS: Partial<Record<RecordType, readonly string[]>> = {
  right: ['registered_on', 'ended_on'],
  certificate: ['issued_on'],
  mortgage: ['registered_on'],
  seizure: ['served_on'],
  notice: ['registered_on', 'final_possible_on'],
  objection: ['registered_on'],
  residence: ['registered_on'],
};

const COMPLETENESS_RULE: Partial<Record<RecordType, string>> = {
  unit: 'UNIT_FIELDS_MISSING',
  right: 'RIGHT_FIELDS_MISSING',
  certificate: 'CERTIFICATE_FIELDS_MISSING',
  mortgage: 'MORTGAGE_FIELDS_MISSING',
  seizure: 'SEIZURE_FIELDS_MISSING',
  notice: 'NOTICE_FIELDS_MISSING',
  objection: 'OBJECTION_FIELDS_MISSING',
  residence: 'RESIDENCE_FIELDS_MISSING',
};

/** The Civil Code, which created the residence right (居住权), took effect on this day. */
export const CIVIL_CODE_IN_FORCE = '2021-01-01';

/** A date field's value if it is a valid date, else undefined (its own rule reports it). */
export function validDate(value: string): string | undefined {
  return value !== '' && checkIsoDate(value).ok ? value : undefined;
}

/** The same day `years` later, as a string to compare with (29 February becomes a string after 28 February). */
function yearsLater(date: string, years: number): string {
  return String(Number(date.slice(0, 4)) + years).padStart(4, '0') + date.slice(4);
}

const inSet = (values: readonly string[], v: string) => values.includes(v);

function checkCodeValue(fail: Fail, rule: string, field: string, value: string, table: CodeTable, label: string): void {
  if (value !== '' && !Object.hasOwn(table, value)) fail(rule, field, value, `${value} is not a code of the ${label} table.`);
}

function checkEnum(fail: Fail, rule: string, field: string, value: string, allowed: readonly string[]): void {
  if (value !== '' && !inSet(allowed, value)) fail(rule, field, value, `${value} is not one of ${allowed.join(', ')}.`);
}

const WHOLE_NUMBER = /^[1-9]\d{0,3}$/;
const SHARE = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;

/** A share as ten-thousandths (0.3333 → 3333), or undefined if malformed or zero. */
export function shareUnits(s: string): number | undefined {
  if (!SHARE.test(s)) return undefined;
  const [whole, frac = ''] = s.split('.');
  const units = Number(whole) * 10_000 + Number(frac.padEnd(4, '0'));
  return units > 0 ? units : undefined;
}

/** A room as both authorities mean it: half-width, without a trailing 室 or 号 or leading zeros. */
export function normalisedRoom(s: string): string {
  return halfWidthTrimmed(s).replace(/[室号]$/u, '').replace(/^0+(?=\d)/, '');
}

/** A floor as a whole number from -5 to 200 other than 0, or undefined. */
export function floorNumber(s: string): number | undefined {
  const t = halfWidthTrimmed(s);
  if (!/^-?\d{1,3}$/.test(t)) return undefined;
  const n = Number(t);
  return n !== 0 && n >= -5 && n <= 200 ? n : undefined;
}

export function areaCenti(s: string): number | undefined {
  const r = s === '' ? undefined : checkArea(s);
  return r?.ok ? r.value.centiSquareMetres : undefined;
}

function certificateNumber(s: string, ctx: CheckContext): CertificateNumberInfo | undefined {
  const r = s === '' ? undefined : checkCertificateNumber(s, ctx.year);
  return r?.ok ? r.value : undefined;
}

function checkProofNumber(fail: Fail, value: string, ctx: CheckContext): void {
  if (value === '') return;
  const r = checkCertificateNumber(value, ctx.year);
  if (!r.ok) fail('PROOF_NUMBER_INVALID', 'proof_number', value, r.message);
  else if (r.value.kind !== 'PROOF') fail('PROOF_NUMBER_KIND', 'proof_number', value, 'This is a 不动产权 certificate number; a mortgage or notice is evidenced by a 不动产证明.');
}

function checkIdList(fail: Fail, rule: string, field: string, value: string, ctx: CheckContext): void {
  for (const id of splitList(value)) {
    const r = checkIdNumber(id, ctx.today);
    if (!r.ok) {
      fail(rule, field, id, r.message);
      return;
    }
  }
}

function checkCompleteness<T extends RecordType>(record: LegacyRecord<T>, fail: Fail): void {
  const rule = COMPLETENESS_RULE[record.type];
  if (!rule) return;
  const fields = record.fields as Record<string, string>;
  const missing = LAYOUT[record.type].fields.filter((spec) => spec.required && fields[spec.name].trim() === '').map((spec) => spec.name);
  if (missing.length > 0) fail(rule, missing[0], '', `Mandatory field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} empty.`);
}

function checkDates<T extends RecordType>(record: LegacyRecord<T>, ctx: CheckContext, fail: Fail): void {
  const fields = record.fields as Record<string, string>;
  for (const field of DATE_FIELDS[record.type] ?? []) {
    const value = fields[field];
    if (value === '') continue;
    const r = checkIsoDate(value);
    if (!r.ok) {
      fail('DATE_INVALID', field, value, r.message);
      break;
    }
  }
  for (const field of EVENT_DATE_FIELDS[record.type] ?? []) {
    const value = validDate(fields[field]);
    if (value !== undefined && value > ctx.asOf) {
      fail('DATE_IN_FUTURE', field, value, `${value} is after the inspection date ${ctx.asOf}.`);
      break;
    }
  }
  for (const field of EVENT_DATE_FIELDS[record.type] ?? []) {
    const value = validDate(fields[field]);
    if (value !== undefined && value < EARLIEST_PLAUSIBLE_DATE) {
      fail('DATE_IMPLAUSIBLE', field, value, `${value} is before ${EARLIEST_PLAUSIBLE_DATE}.`);
      break;
    }
  }
}

function checkUnit(u: Fields<'unit'>, fail: Fail): void {
  if (u.house_code === '') fail('UNIT_HOUSE_CODE_MISSING', 'house_code', '', 'The unit has no house code.');
  const number = u.unit_number === '' ? undefined : checkUnitNumber(u.unit_number);
  if (number && !number.ok) fail('UNIT_NUMBER_INVALID', 'unit_number', u.unit_number, number.message);
  const district = u.district === '' ? undefined : checkCountyCode(u.district);
  if (district && !district.ok) fail('DIVISION_CODE_INVALID', 'district', u.district, district.message);
  if (u.house_code !== '') {
    const r = checkHouseCode(u.house_code);
    if (!r.ok) fail('HOUSE_CODE_INVALID', 'house_code', u.house_code, r.message);
  }
  checkCodeValue(fail, 'HOUSE_USE_UNKNOWN', 'use', u.use, HOUSE_USE_CODES, '房屋用途');
  checkCodeValue(fail, 'HOUSE_NATURE_UNKNOWN', 'nature', u.nature, HOUSE_NATURE_CODES, '房屋性质');
  for (const field of ['building_area', 'inner_area', 'shared_area'] as const) {
    const r = u[field] === '' ? undefined : checkArea(u[field]);
    if (r && !r.ok) {
      fail('AREA_INVALID', field, u[field], r.message);
      break;
    }
  }
  if (u.floor !== '' && floorNumber(u.floor) === undefined) fail('FLOOR_INVALID', 'floor', u.floor, 'The floor must be a whole number from -5 to 200 other than 0.');
  const building = areaCenti(u.building_area);
  if (building !== undefined && /^1[0-3]$/.test(u.use) && (building < 1_000 || building > 100_000)) {
    fail('AREA_IMPLAUSIBLE', 'building_area', u.building_area, 'A dwelling of this size is implausible; check the unit of measure.');
  }
  if (number?.ok && district?.ok && u.unit_number.slice(0, 6) !== u.district) {
    fail('UNIT_DIVISION_MISMATCH', 'district', u.district, `The unit number belongs to division ${u.unit_number.slice(0, 6)}.`);
  }
  const inner = areaCenti(u.inner_area);
  const shared = areaCenti(u.shared_area);
  if (building !== undefined && inner !== undefined && shared !== undefined && inner + shared !== building) {
    fail('UNIT_AREA_SUM', 'inner_area', u.inner_area, `Inner ${u.inner_area} + shared ${u.shared_area} m² is not the building area ${u.building_area} m².`);
  }
}

function checkRight(r: Fields<'right'>, ctx: CheckContext, fail: Fail): void {
  checkCodeValue(fail, 'RIGHT_TYPE_UNKNOWN', 'right_type', r.right_type, RIGHT_TYPE_CODES, '权利类型');
  checkEnum(fail, 'CO_OWNERSHIP_UNKNOWN', 'co_ownership', r.co_ownership, CO_OWNERSHIP);
  checkEnum(fail, 'STATUS_UNKNOWN', 'status', r.status, RIGHT_STATUS);
  const names = splitList(r.holder_names);
  const kinds = splitList(r.holder_id_types);
  const ids = splitList(r.holder_ids);
  const shares = splitList(r.holder_shares);
  const unknownKind = kinds.find((k) => !Object.hasOwn(ID_DOCUMENT_CODES, k));
  if (unknownKind !== undefined) fail('ID_DOCUMENT_KIND_UNKNOWN', 'holder_id_types', unknownKind, `${unknownKind} is not a code of the 证件种类 table.`);
  let residentFailed = false;
  let creditFailed = false;
  for (let i = 0; i < Math.min(kinds.length, ids.length); i++) {
    if (kinds[i] === '1' && !residentFailed) {
      const c = checkResidentId(ids[i], ctx.today);
      if (!c.ok) {
        residentFailed = true;
        fail('HOLDER_RESIDENT_ID_INVALID', 'holder_ids', ids[i], c.message);
      }
    } else if (kinds[i] === '8' && !creditFailed) {
      const c = checkCreditCode(ids[i]);
      if (!c.ok) {
        creditFailed = true;
        fail('HOLDER_CREDIT_CODE_INVALID', 'holder_ids', ids[i], c.message);
      }
    }
  }
  const known = inSet(CO_OWNERSHIP, r.co_ownership);
  if (names.length > 0 && (kinds.length !== names.length || ids.length !== names.length || (r.co_ownership === 'SHARES' && shares.length !== names.length))) {
    fail('HOLDER_LISTS_UNEQUAL', 'holder_ids', r.holder_ids, `${names.length} holder names, ${kinds.length} document kinds, ${ids.length} document numbers and ${shares.length} shares.`);
  }
  if (known && names.length > 0 && (r.co_ownership === 'SOLE' ? names.length !== 1 : names.length < 2)) {
    fail('HOLDER_COUNT_MISMATCH', 'co_ownership', r.co_ownership, `A ${r.co_ownership} right with ${names.length} holder(s).`);
  }
  const units = shares.map(shareUnits);
  const badShare = shares.find((_share, i) => units[i] === undefined);
  if (badShare !== undefined) fail('SHARE_INVALID', 'holder_shares', badShare, `${badShare} is not a share greater than 0 and at most 1 with at most 4 decimals.`);
  if (known && shares.length > 0 && badShare === undefined) {
    const sum = units.reduce<number>((a, b) => a + (b ?? 0), 0);
    if (r.co_ownership !== 'SHARES') fail('SHARES_NOT_ONE', 'holder_shares', r.holder_shares, `A ${r.co_ownership} right has no shares.`);
    else if (sum !== 10_000) fail('SHARES_NOT_ONE', 'holder_shares', r.holder_shares, `The shares add up to ${(sum / 10_000).toFixed(4)}, not 1.`);
  }
  const registered = validDate(r.registered_on);
  const ended = validDate(r.ended_on);
  if (registered && ended && ended < registered) fail('RIGHT_DATES_ORDER', 'ended_on', r.ended_on, `The right ends on ${ended}, before it was registered on ${registered}.`);
  if ((r.status === 'HISTORICAL' && r.ended_on === '') || (r.status === 'CURRENT' && r.ended_on !== '')) {
    fail('RIGHT_STATUS_DATES', 'ended_on', r.ended_on, r.status === 'CURRENT' ? 'A CURRENT right has an end date.' : 'A HISTORICAL right has no end date.');
  }
}

function checkCertificate(c: Fields<'certificate'>, ctx: CheckContext, fail: Fail): void {
  if (c.cert_number !== '' && looksLikeLegacyCertificateNumber(c.cert_number)) checkLegacyCertificate(c, ctx, fail);
  else checkUnifiedCertificate(c, ctx, fail);
  checkEnum(fail, 'STATUS_UNKNOWN', 'status', c.status, CERTIFICATE_STATUS);
}

/** A 房屋所有权证 or 国有土地使用证 number of before unified registration, which the migrated certificate keeps. */
function checkLegacyCertificate(c: Fields<'certificate'>, ctx: CheckContext, fail: Fail): void {
  const r = checkLegacyCertificateNumber(c.cert_number, ctx.year);
  if (!r.ok) {
    fail('CERT_NUMBER_INVALID', 'cert_number', c.cert_number, r.message);
    return;
  }
  const issued = validDate(c.issued_on);
  if (issued && issued >= UNIFIED_REGISTRATION_START) {
    fail('CERT_LEGACY_NUMBER_LATE', 'cert_number', c.cert_number, `A pre-2015 number on a certificate issued on ${issued}, after unified registration began on ${UNIFIED_REGISTRATION_START}.`);
  }
  if (issued && r.value.year !== undefined && Number(issued.slice(0, 4)) !== r.value.year) {
    fail('CERT_YEAR_MISMATCH', 'cert_number', c.cert_number, `The number is of ${r.value.year}, the certificate was issued on ${issued}.`);
  }
}

function checkUnifiedCertificate(c: Fields<'certificate'>, ctx: CheckContext, fail: Fail): void {
  if (c.cert_number !== '') {
    const r = checkCertificateNumber(c.cert_number, ctx.year);
    if (!r.ok) fail('CERT_NUMBER_INVALID', 'cert_number', c.cert_number, r.message);
  }
  const info = certificateNumber(c.cert_number, ctx);
  if (info && info.kind !== 'TITLE') fail('CERT_NUMBER_KIND', 'cert_number', c.cert_number, 'This is a 不动产证明 number; an ownership certificate has a 不动产权 number.');
  const issued = validDate(c.issued_on);
  if (info && issued && Number(issued.slice(0, 4)) !== info.year) fail('CERT_YEAR_MISMATCH', 'cert_number', c.cert_number, `The number is of ${info.year}, the certificate was issued on ${issued}.`);
}

function checkMortgage(m: Fields<'mortgage'>, ctx: CheckContext, fail: Fail): void {
  checkIdList(fail, 'MORTGAGOR_ID_INVALID', 'mortgagor_ids', m.mortgagor_ids, ctx);
  if (m.mortgagee_code !== '') {
    const r = checkCreditCode(m.mortgagee_code);
    if (!r.ok) fail('MORTGAGEE_CREDIT_CODE_INVALID', 'mortgagee_code', m.mortgagee_code, r.message);
  }
  if (m.amount !== '') {
    const r = checkMoney(m.amount);
    if (!r.ok) fail('MONEY_INVALID', 'amount', m.amount, r.message);
  }
  checkEnum(fail, 'YES_NO_UNKNOWN', 'maximum_amount', m.maximum_amount, YES_NO);
  if (m.rank !== '' && !WHOLE_NUMBER.test(m.rank)) fail('RANK_INVALID', 'rank', m.rank, 'The rank must be a whole number from 1.');
  checkProofNumber(fail, m.proof_number, ctx);
  checkEnum(fail, 'STATUS_UNKNOWN', 'status', m.status, MORTGAGE_STATUS);
  const start = validDate(m.term_start);
  const end = validDate(m.term_end);
  if (start && end && end < start) fail('MORTGAGE_TERM_ORDER', 'term_end', m.term_end, `The term ends on ${end}, before it starts on ${start}.`);
  else if (start && end && end > yearsLater(start, MAX_MORTGAGE_TERM_YEARS)) {
    fail('MORTGAGE_TERM_BOUNDS', 'term_end', m.term_end, `A debt term from ${start} to ${end} is longer than ${MAX_MORTGAGE_TERM_YEARS} years.`);
  }
}

function checkSeizure(s: Fields<'seizure'>, ctx: CheckContext, fail: Fail): void {
  checkEnum(fail, 'SEIZURE_KIND_UNKNOWN', 'kind', s.kind, SEIZURE_KIND);
  checkEnum(fail, 'STATUS_UNKNOWN', 'status', s.status, SEIZURE_STATUS);
  const orderValid = s.queue_order !== '' && WHOLE_NUMBER.test(s.queue_order);
  if (s.queue_order !== '' && !orderValid) fail('QUEUE_ORDER_INVALID', 'queue_order', s.queue_order, 'The queue order must be a whole number from 1.');
  const start = validDate(s.term_start);
  const end = validDate(s.term_end);
  if (s.status === 'ACTIVE' && (s.term_start === '' || s.term_end === '' || (start && end && end < start))) {
    fail('SEIZURE_TERM_MISSING', 'term_end', s.term_end, 'An ACTIVE seizure needs a term with a start and an end not before it.');
  }
  if (start && end && end >= start && end >= yearsLater(start, MAX_SEIZURE_TERM_YEARS)) {
    fail('SEIZURE_TERM_TOO_LONG', 'term_end', s.term_end, `A seizure term from ${start} to ${end} is longer than ${MAX_SEIZURE_TERM_YEARS} years.`);
  }
  if (orderValid && inSet(SEIZURE_STATUS, s.status) && (s.queue_order === '1') !== (s.status === 'ACTIVE')) {
    fail('SEIZURE_STATUS_QUEUE', 'status', s.status, `A seizure at queue order ${s.queue_order} cannot be ${s.status}.`);
  }
  const runsTo = validDate(s.term_end) ?? (s.term_end === '' ? seizureTermEnd(s) : undefined);
  if (runsTo && legacyLapse.seizure(runsTo) <= ctx.asOf) {
    fail('SEIZURE_TERM_ENDED', 'term_end', s.term_end, `The seizure's term ran to ${runsTo}, before the inspection date ${ctx.asOf}: it has lapsed unless renewed (续封).`);
  }
}

function checkNotice(n: Fields<'notice'>, ctx: CheckContext, fail: Fail): void {
  checkIdList(fail, 'NOTICE_HOLDER_ID_INVALID', 'holder_ids', n.holder_ids, ctx);
  checkProofNumber(fail, n.proof_number, ctx);
  const possible = validDate(n.final_possible_on);
  if (possible && legacyLapse.notice(possible) <= ctx.asOf) {
    fail('NOTICE_LAPSED', 'final_possible_on', n.final_possible_on, `Final registration became possible on ${possible} and was not applied for within 90 days: the notice lapsed on ${legacyLapse.notice(possible)}.`);
  }
}

function checkObjection(o: Fields<'objection'>, ctx: CheckContext, fail: Fail): void {
  checkIdList(fail, 'OBJECTION_APPLICANT_ID_INVALID', 'applicant_id', o.applicant_id, ctx);
  checkEnum(fail, 'YES_NO_UNKNOWN', 'lawsuit_filed', o.lawsuit_filed, YES_NO);
  const registered = validDate(o.registered_on);
  if (registered && o.lawsuit_filed === 'N' && legacyLapse.objection(registered) <= ctx.asOf) {
    fail('OBJECTION_LAPSED', 'registered_on', o.registered_on, `Registered on ${registered} and no lawsuit filed within 15 days: the objection lapsed on ${legacyLapse.objection(registered)}.`);
  }
}

function checkResidence(r: Fields<'residence'>, ctx: CheckContext, fail: Fail): void {
  checkIdList(fail, 'RESIDENCE_HOLDER_ID_INVALID', 'holder_ids', r.holder_ids, ctx);
  checkProofNumber(fail, r.proof_number, ctx);
  const registered = validDate(r.registered_on);
  if (registered && registered < CIVIL_CODE_IN_FORCE) {
    fail('RESIDENCE_BEFORE_CIVIL_CODE', 'registered_on', r.registered_on, `Registered on ${registered}, before the Civil Code created the residence right on ${CIVIL_CODE_IN_FORCE}.`);
  }
  const until = validDate(r.term_end);
  if (until && legacyLapse.residence(until) <= ctx.asOf) {
    fail('RESIDENCE_TERM_ENDED', 'term_end', r.term_end, `The agreed term ended on ${until}, before the inspection date ${ctx.asOf}.`);
  }
}

type RecordChecker<T extends RecordType> = (fields: Fields<T>, ctx: CheckContext, fail: Fail) => void;

const CHECKERS: { [T in RecordType]?: RecordChecker<T> } = {
  unit: (u, _ctx, fail) => checkUnit(u, fail),
  right: checkRight,
  certificate: checkCertificate,
  mortgage: checkMortgage,
  seizure: checkSeizure,
  notice: checkNotice,
  objection: checkObjection,
  residence: checkResidence,
};

/** The rules a single record can be checked on by itself (everything but uniqueness and cross-record rules). */
export function checkRecord(record: LegacyRecord, ctx: CheckContext, fail: Fail): void {
  checkCompleteness(record, fail);
  checkDates(record, ctx, fail);
  (CHECKERS[record.type] as RecordChecker<RecordType> | undefined)?.(record.fields, ctx, fail);
}
