import { checkHouseCode } from '@estate-ledger/chaincode';
import type { AnyLegacyRecord, RecordType } from '../layout';
import { areaCenti, floorNumber, normalisedRoom, validDate } from './record-checks';

/** A failure found across records, reported on the record at `row` of `type`. */
export type CrossFail = (type: RecordType, row: number, legacyId: string, rule: string, field: string, value: string, message: string) => void;

/** Tolerance between a unit's and its household's building area: surveys round differently. */
export const AREA_TOLERANCE_CENTI = 50;

type Ref = { row: number; id: string; unit: string };
type RightEntry = Ref & { status: string; registered?: string; ended?: string; predecessor: string };
type CertEntry = Ref & { rightId: string; issued?: string; status: string };
type SeizureEntry = Ref & { order?: number; served?: string };
type UnitEntry = { row: number; id: string; houseCode: string; floor?: number; room: string; area?: number };
type HouseholdEntry = { floor?: number; room: string; area?: number };

const UNIT_MISSING_RULE: Partial<Record<RecordType, string>> = {
  right: 'RIGHT_UNIT_MISSING',
  certificate: 'CERTIFICATE_UNIT_MISSING',
  mortgage: 'MORTGAGE_UNIT_MISSING',
  seizure: 'SEIZURE_UNIT_MISSING',
  notice: 'NOTICE_UNIT_MISSING',
  objection: 'OBJECTION_UNIT_MISSING',
  residence: 'RESIDENCE_UNIT_MISSING',
};

/**
 * The compact indexes the uniqueness and cross-record rules need, built while the records stream
 * past (a few fields per record, never the rows), and the rules run on them once every table is
 * read, so tables may come in any order. Uniqueness reports the later record, in table row order.
 */
export class CrossRecordIndex {
  private readonly legacyIds = new Map<RecordType, Set<string>>();
  /** Unit number → row of the first unit with it (the one records on that number belong to). */
  private readonly unitNumbers = new Map<string, number>();
  /** Row → legacy id of the units that own a unit number. */
  private readonly unitIds = new Map<number, string>();
  private readonly houseCodes = new Set<string>();
  private readonly certNumbers = new Set<string>();
  private readonly currentRightUnits = new Set<string>();
  private readonly liveMortgageRanks = new Set<string>();
  private readonly households = new Map<string, HouseholdEntry>();
  private readonly units: UnitEntry[] = [];
  private readonly rights: RightEntry[] = [];
  private readonly certificates: CertEntry[] = [];
  private readonly seizures: SeizureEntry[] = [];
  private readonly residences: Ref[] = [];
  /** Records on a unit (by unit number) with the rule that reports a missing unit. */
  private readonly onUnit: Array<Ref & { type: RecordType }> = [];

  /** Indexes a record and reports what can be decided at once (duplicates of earlier rows). */
  add(record: AnyLegacyRecord, fail: CrossFail): void {
    if (record.type === 'household') {
      const h = record.fields;
      if (!this.households.has(h.house_code)) this.households.set(h.house_code, { floor: floorNumber(h.floor), room: normalisedRoom(h.room), area: areaCenti(h.building_area) });
      return;
    }
    const { type, row } = record;
    const id = record.fields.legacy_id;
    const ids = this.legacyIds.get(type) ?? new Set<string>();
    this.legacyIds.set(type, ids);
    if (id !== '') {
      if (ids.has(id)) fail(type, row, id, 'LEGACY_ID_DUPLICATE', 'legacy_id', id, `Legacy id ${id} is already used by an earlier ${type}.`);
      else ids.add(id);
    }
    const unit = record.fields.unit_number;
    if (record.type !== 'unit' && unit !== '') this.onUnit.push({ type, row, id, unit });
    switch (record.type) {
      case 'unit': {
        const u = record.fields;
        if (unit !== '') {
          if (this.unitNumbers.has(unit)) fail(type, row, id, 'UNIT_NUMBER_DUPLICATE', 'unit_number', unit, 'An earlier unit has this unit number.');
          else {
            this.unitNumbers.set(unit, row);
            this.unitIds.set(row, id);
          }
        }
        if (u.house_code !== '') {
          if (this.houseCodes.has(u.house_code)) fail(type, row, id, 'HOUSE_CODE_DUPLICATE', 'house_code', u.house_code, 'An earlier unit is linked to this house code.');
          else this.houseCodes.add(u.house_code);
          if (checkHouseCode(u.house_code).ok) this.units.push({ row, id, houseCode: u.house_code, floor: floorNumber(u.floor), room: u.room === '' ? '' : normalisedRoom(u.room), area: areaCenti(u.building_area) });
        }
        return;
      }
      case 'right': {
        const r = record.fields;
        if (r.status === 'CURRENT' && unit !== '') {
          if (this.currentRightUnits.has(unit)) fail(type, row, id, 'CURRENT_RIGHT_DUPLICATE', 'status', r.status, 'An earlier right on this unit is also CURRENT.');
          else this.currentRightUnits.add(unit);
        }
        this.rights.push({ row, id, unit, status: r.status, registered: validDate(r.registered_on), ended: validDate(r.ended_on), predecessor: r.predecessor_id });
        return;
      }
      case 'certificate': {
        const c = record.fields;
        if (c.cert_number !== '') {
          if (this.certNumbers.has(c.cert_number)) fail(type, row, id, 'CERT_NUMBER_DUPLICATE', 'cert_number', c.cert_number, 'An earlier certificate has this number.');
          else this.certNumbers.add(c.cert_number);
        }
        this.certificates.push({ row, id, unit, rightId: c.right_id, issued: validDate(c.issued_on), status: c.status });
        return;
      }
      case 'mortgage': {
        const m = record.fields;
        if (m.status === 'LIVE' && /^[1-9]\d{0,3}$/.test(m.rank) && unit !== '') {
          const key = `${unit}|${m.rank}`;
          if (this.liveMortgageRanks.has(key)) fail(type, row, id, 'MORTGAGE_RANK_DUPLICATE', 'rank', m.rank, `An earlier LIVE mortgage on this unit has rank ${m.rank}.`);
          else this.liveMortgageRanks.add(key);
        }
        return;
      }
      case 'residence':
        this.residences.push({ row, id, unit });
        return;
      case 'seizure': {
        const s = record.fields;
        this.seizures.push({ row, id, unit, order: /^[1-9]\d{0,3}$/.test(s.queue_order) ? Number(s.queue_order) : undefined, served: validDate(s.served_on) });
        return;
      }
      default:
        return;
    }
  }

  /** The rules that need every table: references, the chain of holders, certificates, seizure queues, building tables. */
  finish(fail: CrossFail): void {
    for (const r of this.onUnit) {
      const rule = UNIT_MISSING_RULE[r.type];
      if (rule && !this.unitNumbers.has(r.unit)) fail(r.type, r.row, r.id, rule, 'unit_number', r.unit, 'No unit of the units table has this unit number.');
    }
    for (const r of this.residences) {
      if (this.unitNumbers.has(r.unit) && !this.currentRightUnits.has(r.unit)) fail('residence', r.row, r.id, 'RESIDENCE_WITHOUT_OWNER', 'unit_number', r.unit, 'The unit has no CURRENT right: a residence right is granted by its owner.');
    }
    this.finishChain(fail);
    this.finishCertificates(fail);
    this.finishSeizures(fail);
    this.finishBuildingTables(fail);
  }

  /**
   * Records without an error of their own that cannot load because what they stand on was
   * rejected: everything on a rejected unit, a unit with a rejected seizure and everything on it,
   * the certificates of a rejected right, and a residence right whose unit's current right is rejected.
   */
  heldBack(rejected: ReadonlySet<string>): Array<{ type: RecordType; row: number; legacyId: string; because: string }> {
    const held: Array<{ type: RecordType; row: number; legacyId: string; because: string }> = [];
    // A unit with a rejected seizure waits for it: loaded without it, a seized unit could be disposed of.
    const seizedBy = new Map<string, string>();
    for (const s of this.seizures) if (rejected.has(`seizure:${s.row}`) && !seizedBy.has(s.unit)) seizedBy.set(s.unit, s.id);
    const unitReason = (unit: string) => {
      const row = this.unitNumbers.get(unit);
      if (row === undefined) return undefined;
      if (rejected.has(`unit:${row}`)) return `unit ${unit} is rejected`;
      const seizure = seizedBy.get(unit);
      return seizure === undefined ? undefined : `seizure ${seizure} on unit ${unit} is rejected`;
    };
    const heldKeys = new Set<string>();
    for (const [unit, seizure] of seizedBy) {
      const row = this.unitNumbers.get(unit);
      if (row !== undefined && !rejected.has(`unit:${row}`)) {
        held.push({ type: 'unit', row, legacyId: this.unitIds.get(row) ?? '', because: `seizure ${seizure} on it is rejected` });
        heldKeys.add(`unit:${row}`);
      }
    }
    for (const r of this.onUnit) {
      const because = rejected.has(`${r.type}:${r.row}`) ? undefined : unitReason(r.unit);
      if (because) {
        held.push({ type: r.type, row: r.row, legacyId: r.id, because });
        heldKeys.add(`${r.type}:${r.row}`);
      }
    }
    // A residence right is granted by the owner: without the unit's current right it cannot load.
    const currentRow = new Map<string, number>();
    for (const r of this.rights) if (r.status === 'CURRENT' && !currentRow.has(r.unit)) currentRow.set(r.unit, r.row);
    for (const r of this.residences) {
      const row = currentRow.get(r.unit);
      const key = `residence:${r.row}`;
      if (row !== undefined && !rejected.has(key) && !heldKeys.has(key) && rejected.has(`right:${row}`)) {
        held.push({ type: 'residence', row: r.row, legacyId: r.id, because: `the current right of unit ${r.unit} is rejected` });
      }
    }
    const byId = this.rightsById();
    for (const c of this.certificates) {
      const right = byId.get(c.rightId);
      const key = `certificate:${c.row}`;
      if (right && !rejected.has(key) && !heldKeys.has(key) && rejected.has(`right:${right.row}`)) {
        held.push({ type: 'certificate', row: c.row, legacyId: c.id, because: `right ${c.rightId} is rejected` });
      }
    }
    return held.sort((a, b) => a.type.localeCompare(b.type) || a.row - b.row);
  }

  private rightsById(): Map<string, RightEntry> {
    const byId = new Map<string, RightEntry>();
    for (const r of this.rights) if (r.id !== '' && !byId.has(r.id)) byId.set(r.id, r);
    return byId;
  }

  private finishChain(fail: CrossFail): void {
    const byId = this.rightsById();
    const successors = new Set<string>();
    for (const r of this.rights) {
      if (r.predecessor === '') continue;
      const previous = byId.get(r.predecessor);
      if (!previous || previous.unit !== r.unit) {
        fail('right', r.row, r.id, 'CHAIN_PREDECESSOR_MISSING', 'predecessor_id', r.predecessor, previous ? 'The previous right is on another unit.' : 'No right of the rights table has this id.');
        continue;
      }
      if (successors.has(r.predecessor)) fail('right', r.row, r.id, 'CHAIN_FORK', 'predecessor_id', r.predecessor, 'An earlier right already succeeds this previous right.');
      else successors.add(r.predecessor);
      if (previous.ended && r.registered && previous.ended !== r.registered) {
        fail('right', r.row, r.id, 'CHAIN_DISCONTINUOUS', 'registered_on', r.registered, `The previous right ended on ${previous.ended}.`);
      }
    }
  }

  private finishCertificates(fail: CrossFail): void {
    const byId = this.rightsById();
    const live = new Set<string>();
    for (const c of this.certificates) {
      if (c.rightId === '') continue;
      const right = byId.get(c.rightId);
      if (!right) {
        fail('certificate', c.row, c.id, 'CERT_RIGHT_MISSING', 'right_id', c.rightId, 'No right of the rights table has this id.');
        continue;
      }
      if (c.unit !== '' && this.unitNumbers.has(c.unit) && c.unit !== right.unit) {
        fail('certificate', c.row, c.id, 'CERT_UNIT_MISMATCH', 'unit_number', c.unit, `The right is on unit ${right.unit}.`);
      }
      if (c.status === 'VALID') {
        if (live.has(c.rightId)) fail('certificate', c.row, c.id, 'CERT_LIVE_DUPLICATE', 'status', c.status, 'An earlier certificate of this right is also VALID.');
        else live.add(c.rightId);
        if (right.status === 'HISTORICAL') fail('certificate', c.row, c.id, 'CERT_LIVE_ON_ENDED_RIGHT', 'status', c.status, 'The right has ended.');
      }
      if (c.issued && right.registered && c.issued < right.registered) {
        fail('certificate', c.row, c.id, 'CERT_BEFORE_RIGHT', 'issued_on', c.issued, `The right was registered on ${right.registered}.`);
      }
    }
  }

  private finishSeizures(fail: CrossFail): void {
    const byUnit = new Map<string, SeizureEntry[]>();
    for (const s of this.seizures) {
      if (s.order === undefined || s.unit === '') continue;
      const list = byUnit.get(s.unit) ?? [];
      list.push(s);
      byUnit.set(s.unit, list);
    }
    for (const list of byUnit.values()) {
      const first = new Map<number, SeizureEntry>();
      for (const s of list) if (!first.has(s.order as number)) first.set(s.order as number, s);
      for (const s of list) {
        const order = s.order as number;
        if (first.get(order) !== s) fail('seizure', s.row, s.id, 'SEIZURE_QUEUE_DUPLICATE', 'queue_order', String(order), `An earlier seizure on this unit has queue order ${order}.`);
        if (order === 1) continue;
        const ahead = first.get(order - 1);
        if (!ahead) fail('seizure', s.row, s.id, 'SEIZURE_QUEUE_GAP', 'queue_order', String(order), `No seizure on this unit has queue order ${order - 1}.`);
        else if (ahead.served && s.served && s.served < ahead.served) {
          fail('seizure', s.row, s.id, 'SEIZURE_QUEUE_SERVICE_ORDER', 'served_on', s.served, `The seizure ahead in the queue was served later, on ${ahead.served}.`);
        }
      }
    }
  }

  private finishBuildingTables(fail: CrossFail): void {
    for (const u of this.units) {
      const h = this.households.get(u.houseCode);
      if (!h) {
        fail('unit', u.row, u.id, 'BT_HOUSE_CODE_UNKNOWN', 'house_code', u.houseCode, 'No household of the building tables has this house code.');
        continue;
      }
      if (u.floor !== undefined && h.floor !== undefined && u.floor !== h.floor) fail('unit', u.row, u.id, 'BT_FLOOR_MISMATCH', 'floor', String(u.floor), `The household is on floor ${h.floor}.`);
      if (u.room !== '' && h.room !== '' && u.room !== h.room) fail('unit', u.row, u.id, 'BT_ROOM_MISMATCH', 'room', u.room, `The household is room ${h.room}.`);
      if (u.area !== undefined && h.area !== undefined && Math.abs(u.area - h.area) > AREA_TOLERANCE_CENTI) {
        fail('unit', u.row, u.id, 'BT_AREA_MISMATCH', 'building_area', (u.area / 100).toFixed(2), `The household has ${(h.area / 100).toFixed(2)} m².`);
      }
    }
  }
}
