import { inject, injectable } from 'tsyringe';
import type { HeldRight } from '@estate-ledger/api-schemas';
import type { Certificate, Unit } from '@estate-ledger/chaincode';
import type { CitizenPrincipal } from '../auth/principal';
import { decodeCursor, pageOf } from '../read-model/cursor';
import { PartyDirectory, withParties } from '../read-model/party-directory';
import type { PartyView } from '../read-model/pii-vault';
import type { ReadDb } from '../read-model/read-db';
import { currentUnit } from '../read-model/unit-queries';
import type { Clock } from '../register-clock';
import { CLOCK, READ_DB } from '../tokens';

/** The rights by which the person with party references `mine` holds the unit (certificate numbers come from the certificates). */
function heldRights(unit: Unit, mine: Set<string>): Array<Omit<HeldRight, 'certNo'>> {
  const held: Array<Omit<HeldRight, 'certNo'>> = [];
  const own = unit.ownership?.holders.find((h) => mine.has(h.party));
  if (unit.ownership && own) held.push({ type: 'OWNERSHIP', rightId: unit.ownership.rightId, share: own.share, recordedAt: unit.ownership.recordedAt });
  for (const n of unit.notices) if (n.holders.some((p) => mine.has(p))) held.push({ type: 'NOTICE', rightId: n.rightId, recordedAt: n.recordedAt });
  for (const r of unit.residence) if (r.holders.some((p) => mine.has(p))) held.push({ type: 'RESIDENCE', rightId: r.rightId, recordedAt: r.recordedAt });
  return held;
}

/** A unit as the register reads now, with its party references and the rights the person holds on it. */
type HeldUnit = ReturnType<typeof currentUnit> & { refs: string[]; rights: Array<Omit<HeldRight, 'certNo'>> };

/** The right's certificate: its valid one, else its newest (`certs` newest first). */
const certificateOf = (rightId: string, certs: Certificate[]) => (certs.find((c) => c.rightId === rightId && c.status === 'VALID') ?? certs.find((c) => c.rightId === rightId))?.certNo;

/**
 * 本人名下: the units a citizen holds (ownership, an advance notice, a residence right), each with
 * the restrictions standing on it and the certificates of their rights. The person's party records
 * are found by their verified ID number through the blind index and their units through the units'
 * party index, so nothing is scanned; a unit where they are only a mortgagee, an objector or a
 * former owner is not theirs. Their own name and ID number are shown in full, everyone else's masked.
 */
@injectable()
export class CitizenProperties {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A page of the citizen's units by unit number; the cursor is the last unit number of the page before. */
  async mine(citizen: CitizenPrincipal, limit: number, cursor: string | undefined) {
    const after = decodeCursor(cursor, 1);
    const refs = await this.parties.refsByIdNumber(citizen.idNumber);
    if (refs.length === 0) return { items: [], nextCursor: null };
    const mine = new Set(refs);
    const held = await this.heldUnits(refs, mine, limit + 1, after ? String(after[0]) : '');
    const page = pageOf(held, limit, (u) => u, (u) => [u.unit.unitNumber]);
    return { items: await this.described(page.items, refs, mine), nextCursor: page.nextCursor };
  }

  /**
   * Up to `wanted` units after `after` where the person holds a right. The units' party index
   * also holds former owners, mortgagees and objectors, so candidates are read in chunks until
   * enough are theirs.
   */
  private async heldUnits(refs: string[], mine: Set<string>, wanted: number, after: string): Promise<HeldUnit[]> {
    const now = this.clock.now();
    const held: HeldUnit[] = [];
    for (let from = after; ; ) {
      const rows = await this.db.query<{ doc: Unit; party_refs: string[] }>(
        'SELECT doc, party_refs FROM units WHERE party_refs && $1::text[] AND unit_number > $2 ORDER BY unit_number LIMIT $3',
        [refs, from, wanted],
        'units_of_citizen',
      );
      for (const r of rows) {
        const current = currentUnit(r.doc, now);
        const rights = heldRights(current.unit, mine);
        if (rights.length > 0) held.push({ ...current, refs: r.party_refs, rights });
        if (held.length === wanted) return held;
      }
      if (rows.length < wanted) return held;
      from = rows[rows.length - 1].doc.unitNumber;
    }
  }

  /** The units with the certificates of the person's rights, their own party data in full and everyone else's masked. */
  private async described(held: HeldUnit[], refs: string[], mine: Set<string>) {
    if (held.length === 0) return [];
    const certificates = await this.db.query<{ unit_number: string; doc: Certificate }>(
      'SELECT unit_number, doc FROM certificates WHERE unit_number = ANY($1) AND right_id = ANY($2) ORDER BY issued_at DESC, cert_no',
      [held.map((u) => u.unit.unitNumber), held.flatMap((u) => u.rights.map((r) => r.rightId))],
      'certificates_of_held_rights',
    );
    const others = [...new Set(held.flatMap((u) => u.refs))].filter((r) => !mine.has(r));
    const views = new Map<string, PartyView>([...(await this.parties.views(others, false)), ...(await this.parties.views(refs, true))]);
    return held.map(({ unit, flags, rights }) => {
      const shown = withParties(unit, views);
      const certs = certificates.filter((c) => c.unit_number === unit.unitNumber).map((c) => c.doc);
      return {
        unitNumber: unit.unitNumber,
        houseCode: unit.houseCode,
        district: unit.district,
        location: unit.location,
        use: unit.use,
        areas: unit.areas,
        registerVersion: unit.registerVersion,
        flags,
        rights: rights.map((r) => ({ ...r, certNo: certificateOf(r.rightId, certs) })),
        ownership: shown.ownership,
        restrictions: { mortgages: shown.mortgages, seizures: shown.seizures, notices: shown.notices, objections: shown.objections },
        certificates: certs,
      };
    });
  }
}
