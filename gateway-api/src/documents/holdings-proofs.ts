import { inject, injectable } from 'tsyringe';
import type { HoldingsProof, PartyIdentity, Unit } from '@estate-ledger/chaincode';
import { CommandService } from '../application/command-service';
import type { StaffPrincipal } from '../auth/principal';
import { PartyDirectory } from '../read-model/party-directory';
import type { ReadDb } from '../read-model/read-db';
import { READ_DB } from '../tokens';
import { HOLDINGS_PROOFS, SealedDocuments } from './sealed-documents';

/**
 * 有房/无房证明 at the counter: a registry clerk, on a person's behalf, asks what the person owns in
 * one of the clerk's districts. The units are found through the read model's blind index of ID
 * numbers (one index probe for the person, one for their units; never a scan), the ledger issues
 * the proof (checking each unit) and the PDF is sealed and recorded at once.
 */
@injectable()
export class HoldingsProofs {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
    @inject(CommandService) private readonly commands: CommandService,
    @inject(SealedDocuments) private readonly documents: SealedDocuments,
  ) {}

  async issue(principal: StaffPrincipal, input: { person: PartyIdentity; district: string; validDays: number }, requestId: string): Promise<HoldingsProof> {
    const units = await this.ownedUnits(input.person.idNumber, input.district);
    const { record } = await this.commands.submit({ principal, fn: 'HoldingsProof:issue', input: { ...input, units }, tenancy: { from: 'district' }, requestId });
    const proof = record as HoldingsProof;
    await this.documents.pdf(HOLDINGS_PROOFS, proof.proofNo, principal, requestId);
    return proof;
  }

  /** Units in `district` whose owners include the person with this ID number (mortgages and notices do not count). */
  private async ownedUnits(idNumber: string, district: string): Promise<string[]> {
    const refs = await this.parties.refsByIdNumber(idNumber);
    if (refs.length === 0) return [];
    const rows = await this.db.query<{ unit_number: string; ownership: Unit['ownership'] | null }>(
      `SELECT unit_number, doc->'ownership' AS ownership FROM units WHERE party_refs && $1::text[] AND district = $2 ORDER BY unit_number`,
      [refs, district],
      'units_owned_by_party',
    );
    return rows.filter((r) => r.ownership?.holders.some((h) => refs.includes(h.party))).map((r) => r.unit_number);
  }
}
