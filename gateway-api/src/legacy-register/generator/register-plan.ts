import { createHash } from 'node:crypto';
import { UNIFIED_REGISTRATION_START, addDays, formatCertificateNumber, formatUnitNumber } from '@estate-ledger/chaincode';
import type { Fields } from '../layout';
import { BANKS, COUNTIES, DEVELOPERS, ESTATES, ROADS, STRUCTURES, chineseNumeral, creditCode, fullWidthDigits, personName, residentId, type County } from './identities';
import type { SeededRandom } from './seeded-random';

/** Everything generated for one unit: the unit, its household in the building tables and every record on it. */
export interface UnitGroup {
  county: County;
  unit: Fields<'unit'>;
  /** Absent when the building tables lack the household. */
  household?: Fields<'household'>;
  /** Further unit rows (duplicates injected as defects), each with its household if any. */
  extraUnits: Array<{ unit: Fields<'unit'>; household?: Fields<'household'> }>;
  rights: Fields<'right'>[];
  certificates: Fields<'certificate'>[];
  mortgages: Fields<'mortgage'>[];
  seizures: Fields<'seizure'>[];
  notices: Fields<'notice'>[];
  objections: Fields<'objection'>[];
  residences: Fields<'residence'>[];
}

/** Where a unit sits: its project (estate), building, floor and room. */
export interface UnitPlan {
  project: ProjectPlan;
  building: number;
  floor: number;
  room: number;
}

export interface ProjectPlan {
  index: number;
  county: County;
  road: string;
  roadNo: number;
  estate: string;
  buildings: number;
  floors: number;
  roomsPerFloor: number;
}

/** Dates from which the unified registration system (and so 不动产权/证明 numbers) exists. */

const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const areaText = (centi: number) => `${Math.floor(centi / 100)}.${pad(centi % 100, 2)}`;
export const roomText = (floor: number, room: number) => `${floor}${pad(room, 2)}`;

/** Counters and caches that make identifiers unique across the whole register. */
export class RegisterSequences {
  private ids: Record<string, number> = {};
  private certificates = 0;
  private legacyCertificates = 0;
  private readonly lenders = new Map<string, { name: string; code: string }>();

  legacyId(prefix: string): string {
    this.ids[prefix] = (this.ids[prefix] ?? 0) + 1;
    return prefix + pad(this.ids[prefix], 9);
  }

  certificateNumber(county: County, issuedOn: string, kind: 'TITLE' | 'PROOF'): string {
    this.certificates += 1;
    return formatCertificateNumber({ provinceAbbr: county.abbr, year: Number(issuedOn.slice(0, 4)), issuer: county.city, kind, sequence: this.certificates });
  }

  /** A 房屋所有权证 number of before unified registration: 达市房权证通川区字第0012345号. */
  legacyTitleNumber(county: County): string {
    this.legacyCertificates += 1;
    return `${county.city.slice(0, 1)}市房权证${county.name}字第${pad(this.legacyCertificates, 7)}号`;
  }

  /** The number of a title certificate issued on `issuedOn`: the unified one from 1 March 2015, the old house certificate's before. */
  titleNumber(county: County, issuedOn: string): string {
    return issuedOn >= UNIFIED_REGISTRATION_START ? this.certificateNumber(county, issuedOn, 'TITLE') : this.legacyTitleNumber(county);
  }

  lender(rng: SeededRandom, county: County): { name: string; code: string } {
    const bank = rng.pick(BANKS);
    const key = `${bank}${county.code}`;
    let lender = this.lenders.get(key);
    if (!lender) {
      lender = { name: `${bank}${county.city}分行`, code: creditCode(rng, county.code) };
      this.lenders.set(key, lender);
    }
    return lender;
  }
}

/** Projects one after another, each a few buildings of a few floors: the order units are generated in. */
export function* unitPlans(rng: SeededRandom): Generator<UnitPlan> {
  for (let index = 1; ; index++) {
    const project: ProjectPlan = {
      index,
      county: rng.pick(COUNTIES),
      road: rng.pick(ROADS),
      roadNo: rng.int(1, 399),
      estate: rng.pick(ESTATES) + (index > ESTATES.length ? chineseNumeral(rng.int(1, 9)) + '期' : ''),
      buildings: rng.int(1, 6),
      floors: rng.int(4, 33),
      roomsPerFloor: rng.int(2, 6),
    };
    for (let building = 1; building <= project.buildings; building++) {
      for (let floor = 1; floor <= project.floors; floor++) {
        for (let room = 1; room <= project.roomsPerFloor; room++) yield { project, building, floor, room };
      }
    }
  }
}

type Holder = { name: string; kind: '1' | '8'; id: string };

function people(rng: SeededRandom, n: number): Holder[] {
  return Array.from({ length: n }, () => ({ name: personName(rng), kind: '1' as const, id: residentId(rng) }));
}

const SHARE_SPLITS = [['0.5', '0.5'], ['0.6', '0.4'], ['0.7', '0.3'], ['0.3333', '0.3333', '0.3334'], ['0.25', '0.25', '0.5']];

/** A household's address as the housing authority's clerks wrote it: the same place in one of several real-world styles. */
function householdAddress(rng: SeededRandom, plan: UnitPlan, entrance: number): string {
  const { project: p, building: b, floor: f, room: r } = plan;
  const room = roomText(f, r);
  switch (rng.int(0, 5)) {
    case 0:
      return `${p.county.city}${p.county.name}${p.road}${p.roadNo}号${p.estate}${b}栋${entrance}单元${room}室`;
    case 1:
      return `${p.road}${p.roadNo}号${chineseNumeral(b)}幢${chineseNumeral(entrance)}单元${f}层${pad(r, 2)}号`;
    case 2:
      return `${p.road}${fullWidthDigits(String(p.roadNo))}号${fullWidthDigits(String(b))}号楼${fullWidthDigits(String(entrance))}单元${fullWidthDigits(room)}`;
    case 3:
      return `${p.county.city}${p.road}${p.roadNo}号${b}-${entrance}-${room}`;
    case 4:
      return `${p.estate}${chineseNumeral(b)}栋${chineseNumeral(f)}层${room}室`;
    default:
      return `${p.county.name}${p.road}${chineseNumeral(p.roadNo)}号${b}幢${entrance}单元${f}楼${pad(r, 2)}室`;
  }
}

function householdRoom(rng: SeededRandom, room: string): string {
  return rng.pick([room, `${room}室`, fullWidthDigits(room), `${room}号`]);
}

/** A clean unit and its household: the unit number of its parcel, building and room, the house code of its place in the project. */
export function cleanUnit(rng: SeededRandom, plan: UnitPlan, seq: RegisterSequences): { unit: Fields<'unit'>; household: Fields<'household'> } {
  const { project: p, building: b, floor: f, room: r } = plan;
  const c = p.county;
  const room = roomText(f, r);
  const entrance = Math.ceil(r / 2);
  const unitNumber = formatUnitNumber({
    county: c.code,
    cadastralZone: 1 + Math.floor(p.index / 99_999),
    subZone: 1 + (p.index % 7),
    parcelOwnership: 'G',
    parcelRight: 'B',
    parcelSequence: 1 + (p.index % 99_999),
    fixtureKind: 'F',
    building: b,
    room: f * 100 + r,
  });
  const buildingCenti = rng.int(4_500, 18_000);
  const innerCenti = Math.round(buildingCenti * 0.8);
  const houseCode = `${c.code}-${pad(p.index, 5)}-${b}-${room}`;
  const unit: Fields<'unit'> = {
    legacy_id: seq.legacyId('DY'),
    unit_number: unitNumber,
    house_code: houseCode,
    district: c.code,
    location: `${c.city}${c.name}${p.road}${p.roadNo}号${p.estate}${b}栋${entrance}单元${room}室`,
    building: String(b),
    floor: String(f),
    room,
    use: '11',
    nature: rng.chance(0.9) ? '0' : rng.pick(['1', '5', '6']),
    structure: rng.pick(STRUCTURES),
    building_area: areaText(buildingCenti),
    inner_area: areaText(innerCenti),
    shared_area: areaText(buildingCenti - innerCenti),
  };
  // Surveys of the two authorities differ by rounding, well inside the tolerance.
  const householdCenti = buildingCenti + rng.pick([0, 0, 0, 1, -1, 10, -10]);
  const household: Fields<'household'> = {
    house_code: houseCode,
    project_name: p.estate,
    address: householdAddress(rng, plan, entrance),
    building: rng.pick([String(b), `${b}栋`, `${b}幢`, `${chineseNumeral(b)}号楼`]),
    floor: String(f),
    room: householdRoom(rng, room),
    building_area: areaText(householdCenti),
    use: '住宅',
  };
  return { unit, household };
}

function holderFields(holders: Holder[]) {
  return {
    holder_names: holders.map((h) => h.name).join(';'),
    holder_id_types: holders.map((h) => h.kind).join(';'),
    holder_ids: holders.map((h) => h.id).join(';'),
  };
}

function contentHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/** The records on a clean unit: its chain of owners with their certificates, and its live restrictions. */
export function cleanGroup(rng: SeededRandom, plan: UnitPlan, seq: RegisterSequences, asOf: string): UnitGroup {
  const county = plan.project.county;
  const { unit, household } = cleanUnit(rng, plan, seq);
  const group: UnitGroup = { county, unit, household, extraUnits: [], rights: [], certificates: [], mortgages: [], seizures: [], notices: [], objections: [], residences: [] };
  const on = unit.unit_number;

  const owners = rng.next() < 0.6 ? 1 : rng.next() < 0.75 ? 2 : 3;
  const registered: string[] = [addDays(asOf, -rng.int(30, 4_000))];
  while (registered.length < owners) registered.unshift(addDays(registered[0], -rng.int(400, 2_500)));
  let previous: string | undefined;
  let current: Holder[] = [];
  registered.forEach((registeredOn, k) => {
    const last = k === owners - 1;
    const shape = rng.next();
    let holders: Holder[];
    let coOwnership: 'SOLE' | 'JOINT' | 'SHARES';
    let shares = '';
    if (shape < 0.05) {
      holders = [{ name: `${county.city.slice(0, 2)}${rng.pick(ESTATES)}${rng.pick(DEVELOPERS)}`, kind: '8', id: creditCode(rng, county.code) }];
      coOwnership = 'SOLE';
    } else if (shape < 0.6) {
      holders = people(rng, 1);
      coOwnership = 'SOLE';
    } else if (shape < 0.85) {
      holders = people(rng, 2);
      coOwnership = 'JOINT';
    } else {
      const split = rng.pick(SHARE_SPLITS);
      holders = people(rng, split.length);
      coOwnership = 'SHARES';
      shares = split.join(';');
    }
    const right: Fields<'right'> = {
      legacy_id: seq.legacyId('QL'),
      unit_number: on,
      right_type: '4',
      co_ownership: coOwnership,
      ...holderFields(holders),
      holder_shares: shares,
      registered_on: registeredOn,
      status: last ? 'CURRENT' : 'HISTORICAL',
      predecessor_id: previous ?? '',
      ended_on: last ? '' : registered[k + 1],
    };
    group.rights.push(right);
    previous = right.legacy_id;
    current = holders;
    if (registeredOn >= UNIFIED_REGISTRATION_START) {
      let issuedOn = addDays(registeredOn, rng.int(0, 10));
      if (issuedOn.slice(0, 4) !== registeredOn.slice(0, 4) || issuedOn > asOf) issuedOn = registeredOn;
      const certNumber = seq.certificateNumber(county, issuedOn, 'TITLE');
      group.certificates.push({
        legacy_id: seq.legacyId('ZS'),
        cert_number: certNumber,
        right_id: right.legacy_id,
        unit_number: on,
        issued_on: issuedOn,
        status: last ? 'VALID' : 'SUPERSEDED',
        content_hash: rng.chance(0.5) ? contentHash(certNumber, on, right.holder_names) : '',
      });
    } else {
      // Before unified registration a house had a 房屋所有权证 with the old number, issued the day of registration; no file hash was kept.
      group.certificates.push({
        legacy_id: seq.legacyId('ZS'),
        cert_number: seq.legacyTitleNumber(county),
        right_id: right.legacy_id,
        unit_number: on,
        issued_on: registeredOn,
        status: last ? 'VALID' : 'SUPERSEDED',
        content_hash: '',
      });
    }
  });

  const currentRight = group.rights[group.rights.length - 1];
  const earliest = currentRight.registered_on > UNIFIED_REGISTRATION_START ? currentRight.registered_on : UNIFIED_REGISTRATION_START;
  const span = Math.floor((Date.parse(asOf) - Date.parse(earliest)) / 86_400_000) - 1;
  if (span > 2 && rng.chance(0.35)) {
    const live = rng.chance(0.25) ? 2 : 1;
    const dates = Array.from({ length: live + (rng.chance(0.3) ? 1 : 0) }, () => addDays(earliest, rng.int(0, span))).sort();
    dates.forEach((registeredOn, j) => {
      const lender = seq.lender(rng, county);
      const cancelled = j < dates.length - live;
      group.mortgages.push({
        legacy_id: seq.legacyId('DYQ'),
        unit_number: on,
        mortgagor_names: current.map((h) => h.name).join(';'),
        mortgagor_ids: current.map((h) => h.id).join(';'),
        mortgagee_name: lender.name,
        mortgagee_code: lender.code,
        amount: `${rng.int(10, 300) * 10_000}.00`,
        maximum_amount: rng.chance(0.2) ? 'Y' : 'N',
        term_start: registeredOn,
        term_end: addDays(registeredOn, 365 * rng.int(5, 30) - 1),
        rank: cancelled ? '1' : String(j - (dates.length - live) + 1),
        registered_on: registeredOn,
        proof_number: seq.certificateNumber(county, registeredOn, 'PROOF'),
        status: cancelled ? 'CANCELLED' : 'LIVE',
      });
    });
  }

  if (rng.chance(0.06)) {
    const count = rng.next() < 0.6 ? 1 : rng.next() < 0.6 ? 2 : 3;
    let servedOn = addDays(asOf, -rng.int(60, 900));
    for (let order = 1; order <= count; order++) {
      const year = servedOn.slice(0, 4);
      group.seizures.push({
        legacy_id: seq.legacyId('CF'),
        unit_number: on,
        court: `${county.city}${county.name}人民法院`,
        case_number: `(${year})${county.courtPrefix}执${rng.int(100, 9_999)}号`,
        kind: rng.chance(0.9) ? 'SEIZURE' : 'PRE_SEIZURE',
        queue_order: String(order),
        served_on: servedOn,
        term_start: order === 1 ? servedOn : '',
        // A clean seizure is still in force on the export day: its term runs past it, within the 3 years a term may last.
        term_end: order === 1 ? addDays(servedOn, rng.int(Math.round((Date.parse(asOf) - Date.parse(servedOn)) / 86_400_000), 1_094)) : '',
        status: order === 1 ? 'ACTIVE' : 'QUEUED',
      });
      servedOn = addDays(servedOn, rng.int(1, 20));
      if (servedOn > asOf) servedOn = asOf;
    }
  }

  if (rng.chance(0.04)) {
    const registeredOn = addDays(asOf, -rng.int(1, 700));
    const holders = people(rng, rng.int(1, 2));
    group.notices.push({
      legacy_id: seq.legacyId('YG'),
      unit_number: on,
      holder_names: holders.map((h) => h.name).join(';'),
      holder_ids: holders.map((h) => h.id).join(';'),
      registered_on: registeredOn,
      proof_number: seq.certificateNumber(county, registeredOn, 'PROOF'),
      final_possible_on: '',
    });
  }

  if (rng.chance(0.015)) {
    const [applicant] = people(rng, 1);
    const sued = rng.chance(0.5);
    group.objections.push({
      legacy_id: seq.legacyId('YY'),
      unit_number: on,
      applicant_name: applicant.name,
      applicant_id: applicant.id,
      reason: rng.pick(['申请人主张该房屋系其出资购买', '继承纠纷，主张共有份额', '权利人姓名登记错误']),
      registered_on: addDays(asOf, sued ? -rng.int(16, 700) : -rng.int(0, 10)),
      lawsuit_filed: sued ? 'Y' : 'N',
    });
  }

  // 居住权 since the Civil Code (2021): granted by the current owner, for life or for a term still running.
  const grantedFrom = currentRight.registered_on > '2021-01-01' ? currentRight.registered_on : '2021-01-01';
  const grantSpan = Math.floor((Date.parse(asOf) - Date.parse(grantedFrom)) / 86_400_000);
  if (grantSpan > 1 && rng.chance(0.02)) {
    const registeredOn = addDays(grantedFrom, rng.int(0, grantSpan));
    const holders = people(rng, 1);
    group.residences.push({
      legacy_id: seq.legacyId('JZQ'),
      unit_number: on,
      holder_names: holders[0].name,
      holder_ids: holders[0].id,
      registered_on: registeredOn,
      term_end: rng.chance(0.5) ? '' : addDays(asOf, rng.int(30, 7_300)),
      proof_number: seq.certificateNumber(county, registeredOn, 'PROOF'),
    });
  }
  return group;
}
