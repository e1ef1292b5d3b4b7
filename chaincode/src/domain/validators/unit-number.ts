import { isMainlandProvinceCode } from './division-codes';
import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

export type ParcelOwnership = 'G' | 'J' | 'Z';
export type ParcelRight = 'A' | 'B' | 'S' | 'X' | 'C' | 'D' | 'E' | 'F' | 'H' | 'G' | 'W' | 'Y';
export type FixtureKind = 'F' | 'L' | 'Q' | 'W';

/** The segments of a 28-character 不动产单元代码 (GB/T 37346-2019). */
export type UnitNumberParts = {
  county: string;
  cadastralZone: string;
  subZone: string;
  parcelOwnership: ParcelOwnership;
  parcelRight: ParcelRight;
  parcelSequence: string;
  fixtureKind: FixtureKind;
  fixtureUnit: string;
  /** 宗地代码: the first 19 characters. */
  parcelCode: string;
  /** 幢号, only for fixture kind F. */
  building?: string;
  /** 户号, only for fixture kind F. */
  room?: string;
};

export const UNIT_NUMBER_PATTERN = /^\d{12}[GJZ][ABSXCDEFHGWY]\d{5}[FLQW]\d{8}$/;

const SEGMENTS: ReadonlyArray<{ from: number; to: number; re: RegExp; what: string }> = [
  { from: 0, to: 6, re: /^\d{6}$/, what: 'characters 1-6 (county code) must be digits' },
  { from: 6, to: 9, re: /^\d{3}$/, what: 'characters 7-9 (cadastral zone) must be digits' },
  { from: 9, to: 12, re: /^\d{3}$/, what: 'characters 10-12 (cadastral subzone) must be digits' },
  { from: 12, to: 13, re: /^[GJZ]$/, what: 'character 13 (parcel ownership) must be G, J or Z' },
  { from: 13, to: 14, re: /^[ABSXCDEFHGWY]$/, what: 'character 14 (parcel right type) must be one of A B S X C D E F H G W Y' },
  { from: 14, to: 19, re: /^\d{5}$/, what: 'characters 15-19 (parcel sequence) must be digits' },
  { from: 19, to: 20, re: /^[FLQW]$/, what: 'character 20 (fixture kind) must be F, L, Q or W' },
  { from: 20, to: 28, re: /^\d{8}$/, what: 'characters 21-28 (fixture unit) must be digits' },
];

export function checkUnitNumber(s: string): Check<UnitNumberParts> {
  const surface = surfaceProblem(s, 'unit number');
  if (surface) return checkFailed('UNIT_NUMBER_FORMAT', surface);
  if (s.length !== 28) {
    return checkFailed('UNIT_NUMBER_LENGTH', `The unit number must have 28 characters, but it has ${s.length}.`);
  }
  if (!UNIT_NUMBER_PATTERN.test(s)) {
    const bad = SEGMENTS.find((seg) => !seg.re.test(s.slice(seg.from, seg.to)));
    const hint = /[a-z]/.test(s) ? ' (letters must be uppercase)' : '';
    return checkFailed('UNIT_NUMBER_FORMAT', `The unit number is malformed: ${bad?.what ?? 'unexpected characters'}${hint}.`);
  }
  const county = s.slice(0, 6);
  if (!isMainlandProvinceCode(county.slice(0, 2)) || county.slice(2, 4) === '00') {
    return checkFailed('UNIT_NUMBER_DIVISION', `The unit number starts with ${county}, which is not a mainland county-level division code.`);
  }
  const parcelOwnership = s[12] as ParcelOwnership;
  const parcelRight = s[13] as ParcelRight;
  if ((parcelRight === 'A' || parcelRight === 'C') && parcelOwnership !== 'J') {
    return checkFailed(
      'UNIT_NUMBER_PARCEL_RIGHT',
      `The unit number has right type ${parcelRight} (collective land or homestead), which requires ownership code J, not ${parcelOwnership}.`,
    );
  }
  const parcelSequence = s.slice(14, 19);
  if (parcelSequence === '00000') {
    return checkFailed('UNIT_NUMBER_PARCEL_SEQUENCE', 'The parcel sequence number (characters 15-19) must be between 00001 and 99999.');
  }
  const fixtureKind = s[19] as FixtureKind;
  const fixtureUnit = s.slice(20);
  if (fixtureKind === 'W' && fixtureUnit !== '00000000') {
    return checkFailed('UNIT_NUMBER_FIXTURE', 'A unit number with fixture kind W (no fixture) must end in 00000000.');
  }
  const parts: UnitNumberParts = {
    county,
    cadastralZone: s.slice(6, 9),
    subZone: s.slice(9, 12),
    parcelOwnership,
    parcelRight,
    parcelSequence,
    fixtureKind,
    fixtureUnit,
    parcelCode: s.slice(0, 19),
  };
  if (fixtureKind === 'F') {
    parts.building = fixtureUnit.slice(0, 4);
    parts.room = fixtureUnit.slice(4);
  }
  return checkPassed(parts);
}

/** Input of formatUnitNumber: numbers are zero-padded; the fixture unit comes from fixtureUnit, or building + room, or is zero for W. */
export type UnitNumberInput = {
  county: string;
  cadastralZone: string | number;
  subZone: string | number;
  parcelOwnership: ParcelOwnership;
  parcelRight: ParcelRight;
  parcelSequence: string | number;
  fixtureKind: FixtureKind;
  fixtureUnit?: string;
  building?: string | number;
  room?: string | number;
};

function pad(v: string | number, width: number): string {
  return typeof v === 'number' ? String(v).padStart(width, '0') : v;
}

/** Builds a unit number and throws a RangeError naming the broken rule if the result would be invalid. */
export function formatUnitNumber(parts: UnitNumberInput): string {
  const building = parts.building === undefined ? undefined : pad(parts.building, 4);
  const room = parts.room === undefined ? undefined : pad(parts.room, 4);
  let fixtureUnit = parts.fixtureUnit;
  if (fixtureUnit === undefined) {
    if (parts.fixtureKind === 'W') fixtureUnit = '00000000';
    else if (building !== undefined && room !== undefined) fixtureUnit = building + room;
    else throw new RangeError('formatUnitNumber needs fixtureUnit, or building and room.');
  }
  const code =
    parts.county +
    pad(parts.cadastralZone, 3) +
    pad(parts.subZone, 3) +
    parts.parcelOwnership +
    parts.parcelRight +
    pad(parts.parcelSequence, 5) +
    parts.fixtureKind +
    fixtureUnit;
  const checked = checkUnitNumber(code);
  if (!checked.ok) throw new RangeError(`${checked.rule}: ${checked.message}`);
  if ((building !== undefined && checked.value.building !== building) || (room !== undefined && checked.value.room !== room)) {
    throw new RangeError('formatUnitNumber: building and room apply only to fixture kind F and must match the fixture unit.');
  }
  return code;
}
