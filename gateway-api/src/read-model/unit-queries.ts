import { inject, injectable } from 'tsyringe';
import { refreshUnit, unitFlags, type Unit, type UnitFlags } from '@estate-ledger/chaincode';
import { ApiError } from '../http/api-error';
import { CLOCK, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import { decodeCursor, pageOf, type Page } from './cursor';
import { TX_COLUMNS, txView, type TxRow } from './ledger-queries';
import type { TxSummary } from './ledger-views';
import { PartyDirectory, sealedPartiesOf, withParties, type SealedParty } from './party-directory';
import type { ReadDb } from './read-db';

export interface Viewer {
  districts: string[];
  unmasked: boolean;
}

/** A unit as the register reads now: lazy time limits (lapsed notices, expired seizures) applied. */
export function currentUnit(stored: Unit, now: Date): { unit: Unit; flags: UnitFlags } {
  const unit = refreshUnit(stored, now.toISOString(), '').unit;
  return { unit, flags: unitFlags(unit) };
}

/**
 * A unit's register state as stored columns. Its document is read only when it holds a restriction
 * that lapses by itself (seizure term, objection, notice): then the flags must be recomputed for
 * today; otherwise the stored flag columns are current. `u` is the units table's alias.
 */
export const registerStateColumns = (u: string) =>
  `${u}.register_version AS unit_version, ${u}.registered, ${u}.seized, ${u}.seizure_queued, ${u}.mortgaged, ${u}.advance_notice,
   ${u}.objection, ${u}.residence_right, ${u}.contract_filed, ${u}.case_in_flight,
   CASE WHEN ${u}.seized OR ${u}.objection OR ${u}.advance_notice THEN ${u}.doc END AS unit_doc`;

export interface RegisterStateRow {
  unit_version: number;
  registered: boolean;
  seized: boolean;
  seizure_queued: boolean;
  mortgaged: boolean;
  advance_notice: boolean;
  objection: boolean;
  residence_right: boolean;
  contract_filed: boolean;
  case_in_flight: boolean;
  unit_doc: Unit | null;
}

/** The register version and flags as of `now`; `version` is the row's non-null unit_version. */
export function registerState(row: Omit<RegisterStateRow, 'unit_version'>, version: number, now: Date): { registerVersion: number; flags: UnitFlags } {
  if (row.unit_doc) {
    const { unit, flags } = currentUnit(row.unit_doc, now);
    return { registerVersion: unit.registerVersion, flags };
  }
  return {
    registerVersion: version,
    flags: {
      registered: row.registered, seized: row.seized, seizureQueued: row.seizure_queued, mortgaged: row.mortgaged, advanceNotice: row.advance_notice,
      objection: row.objection, residenceRight: row.residence_right, contractFiled: row.contract_filed, caseInFlight: row.case_in_flight,
    },
  };
}

const unitNotFound = (where: { unitNumber?: string; houseCode?: string }) =>
  new ApiError(404, 'UNIT_NOT_FOUND', `No unit ${where.unitNumber ?? where.houseCode} in your districts`, where.unitNumber ? 'unitNumber' : 'houseCode');

/** Units, their restrictions, history and title chain, from the read model. */
@injectable()
export class UnitQueries {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Refuses, as if there were no such unit, a unit outside the viewer's districts. */
  private async mustSee(unitNumber: string, viewer: Viewer): Promise<void> {
    const [row] = await this.db.query<{ district: string }>('SELECT district FROM units WHERE unit_number = $1', [unitNumber], 'unit_district');
    if (!row || !viewer.districts.includes(row.district)) throw unitNotFound({ unitNumber });
  }

  /** The unit with its parties as this viewer may see them, in one round trip (the most read record of all). */
  private async withItsParties(where: { unitNumber?: string; houseCode?: string }, viewer: Viewer) {
    const columns = `doc, ${sealedPartiesOf('party_refs')} AS parties`;
    const [row] = where.unitNumber
      ? await this.db.query<{ doc: Unit; parties: SealedParty[] }>(`SELECT ${columns} FROM units WHERE unit_number = $1`, [where.unitNumber], 'unit_with_parties_by_number')
      : await this.db.query<{ doc: Unit; parties: SealedParty[] }>(`SELECT ${columns} FROM units WHERE house_code = $1`, [where.houseCode], 'unit_with_parties_by_house_code');
    if (!row || !viewer.districts.includes(row.doc.district)) throw unitNotFound(where);
    const { unit, flags } = currentUnit(row.doc, this.clock.now());
    return { unit, flags, views: this.parties.opened(row.parties, viewer.unmasked) };
  }

  async unit(unitNumber: string, viewer: Viewer) {
    const { unit, flags, views } = await this.withItsParties({ unitNumber }, viewer);
    return { ...withParties(unit, views), flags };
  }

  /** Public: restriction flags only, no parties, no tenancy. */
  async status(unitNumber: string): Promise<{ unitNumber: string; registerVersion: number; flags: UnitFlags }> {
    const [row] = await this.db.query<RegisterStateRow>(`SELECT ${registerStateColumns('u')} FROM units u WHERE u.unit_number = $1`, [unitNumber], 'unit_status');
    if (!row) throw new ApiError(404, 'UNIT_NOT_FOUND', `No unit ${unitNumber} in the register`, 'unitNumber');
    return { unitNumber, ...registerState(row, row.unit_version, this.clock.now()) };
  }

  /** 预告, 查封, 异议, 抵押 of one unit, by unit number or house code. */
  async restrictions(where: { unitNumber?: string; houseCode?: string }, viewer: Viewer) {
    const { unit, flags, views } = await this.withItsParties(where, viewer);
    return withParties(
      { unitNumber: unit.unitNumber, houseCode: unit.houseCode, registerVersion: unit.registerVersion, flags, notices: unit.notices, seizures: unit.seizures, objections: unit.objections, mortgages: unit.mortgages },
      views,
    );
  }

  async history(unitNumber: string, viewer: Viewer, limit: number, cursor?: string): Promise<Page<TxSummary>> {
    await this.mustSee(unitNumber, viewer);
    const after = decodeCursor(cursor, 2);
    const rows = await this.db.query<TxRow>(
      `SELECT ${TX_COLUMNS} FROM transactions WHERE unit_number = $1 AND (block_number, tx_index) > ($2, $3) ORDER BY block_number, tx_index LIMIT $4`,
      [unitNumber, after ? Number(after[0]) : -1, after ? Number(after[1]) : -1, limit + 1],
      'unit_history',
    );
    return pageOf(rows, limit, txView, (r) => [Number(r.block_number), r.tx_index]);
  }

  async titleChain(unitNumber: string, viewer: Viewer) {
    await this.mustSee(unitNumber, viewer);
    const rows = await this.db.query<{ doc: { holders: Array<{ party: string }> } }>('SELECT doc FROM title_entries WHERE unit_number = $1 ORDER BY seq', [unitNumber], 'title_chain');
    const refs = [...new Set(rows.flatMap((r) => r.doc.holders.map((h) => h.party)))];
    const views = await this.parties.views(refs, viewer.unmasked);
    return { items: rows.map((r) => withParties(r.doc, views)) };
  }

  /** The register book (登记簿): one entry per change of the unit's rights, in register order. */
  async book(unitNumber: string, viewer: Viewer) {
    await this.mustSee(unitNumber, viewer);
    const rows = await this.db.query<{ doc: unknown }>('SELECT doc FROM book_entries WHERE unit_number = $1 ORDER BY register_version, ref', [unitNumber], 'unit_book');
    return { items: rows.map((r) => r.doc) };
  }

  /** Every certificate issued on the unit, newest first, with its current status. */
  async certificates(unitNumber: string, viewer: Viewer) {
    await this.mustSee(unitNumber, viewer);
    const rows = await this.db.query<{ doc: unknown }>('SELECT doc FROM certificates WHERE unit_number = $1 ORDER BY issued_at DESC', [unitNumber], 'unit_certificates');
    return { items: rows.map((r) => r.doc) };
  }

  async list(viewer: Viewer, filter: { district?: string; projectId?: string }, limit: number, cursor?: string) {
    const districts = filter.district ? viewer.districts.filter((d) => d === filter.district) : viewer.districts;
    const after = decodeCursor(cursor, 1);
    const rows = await this.db.query<{ unit_number: string; house_code: string; district: string; location: string; register_version: number; registered: boolean; seized: boolean; mortgaged: boolean }>(
      `SELECT unit_number, house_code, district, location, register_version, registered, seized, mortgaged FROM units
       WHERE district = ANY($1) AND unit_number > $2 AND ($3::text IS NULL OR project_id = $3) ORDER BY unit_number LIMIT $4`,
      [districts, after ? String(after[0]) : '', filter.projectId ?? null, limit + 1],
      'units_page',
    );
    return pageOf(
      rows,
      limit,
      (r) => ({ unitNumber: r.unit_number, houseCode: r.house_code, district: r.district, location: r.location, registerVersion: r.register_version, registered: r.registered, seized: r.seized, mortgaged: r.mortgaged }),
      (r) => [r.unit_number],
    );
  }

  /** 产调: the units in which a person or organisation holds or held a right, by ID number. */
  async byParty(idNumber: string, viewer: Viewer) {
    const refs = await this.parties.refsByIdNumber(idNumber);
    if (refs.length === 0) return { items: [] };
    const rows = await this.db.query<{ doc: Unit; party_refs: string[] }>(
      'SELECT doc, party_refs FROM units WHERE party_refs && $1::text[] AND district = ANY($2) ORDER BY unit_number LIMIT 500',
      [refs, viewer.districts],
      'units_by_party',
    );
    const views = await this.parties.views([...new Set(rows.flatMap((r) => r.party_refs))], viewer.unmasked);
    const now = this.clock.now();
    return {
      items: rows.map((r) => {
        const { unit, flags } = currentUnit(r.doc, now);
        return { ...withParties(unit, views), flags };
      }),
    };
  }
}
