import { inject, injectable } from 'tsyringe';
import { zCertificateDocument, type CertificateDocument } from '@estate-ledger/api-schemas';
import type { Certificate, HoldingsProof } from '@estate-ledger/chaincode';
import { INTAKE_IDENTITY, intakeFor } from '../applicants/applicant';
import { NotYoursError } from '../application/application-errors';
import type { CitizenPrincipal } from '../auth/principal';
import { LedgerRuleRefusal } from '../ledger/ledger-errors';
import type { LedgerPort } from '../ledger/ledger-port';
import { PartyDirectory } from '../read-model/party-directory';
import { LEDGER } from '../tokens';
import { HoldingsProofs } from './holdings-proofs';
import { CERTIFICATES, HOLDINGS_PROOFS, SealedDocuments } from './sealed-documents';

/** The parties a certificate names as the holders of its right: 权利人 (a mortgage proof's is the creditor). */
export function holdersNamedIn(doc: CertificateDocument): Array<{ idKind: string; idNumber: string }> {
  if (doc.schema === 'estate-ledger/certificate/v1') return doc.holders;
  return [...(doc.right.holders ?? []), ...(doc.right.creditor ? [doc.right.creditor] : [])];
}

const sameId = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/**
 * The documents a signed-in citizen holds (电子证照库 for the holder): the PDF of a certificate
 * that names them as a holder, and their own 有房/无房证明. The registry's online intake identity
 * renders and records them for the citizen; who the citizen is comes only from the identity
 * platform (name and ID number), so no one obtains a proof or a certificate of someone else.
 * Another person's document and a document that does not exist answer alike (404).
 */
@injectable()
export class HolderDocuments {
  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
    @inject(SealedDocuments) private readonly documents: SealedDocuments,
    @inject(HoldingsProofs) private readonly proofs: HoldingsProofs,
  ) {}

  /** The PDF of certificate `certNo` when it names the citizen as a holder. */
  async certificatePdf(citizen: CitizenPrincipal, certNo: string, requestId: string): Promise<Buffer> {
    const cert = await JSON.parse(await this.found(() => this.read('Certificate:get', certNo), 'certificate', certNo)) as Certificate;
    const doc = zCertificateDocument.parse(JSON.parse(await this.read('Certificate:getDocument', certNo)));
    const named = holdersNamedIn(doc).some((h) => h.idKind === 'RESIDENT_ID' && sameId(h.idNumber, citizen.idNumber));
    if (!named) throw new NotYoursError('certificate', certNo);
    return this.documents.pdf(CERTIFICATES, certNo, intakeFor(citizen, cert.district), requestId);
  }

  /** 有房/无房证明 of the citizen themselves in `district`, its PDF recorded at once. */
  issueProof(citizen: CitizenPrincipal, input: { district: string; validDays: number }, requestId: string): Promise<HoldingsProof> {
    const person = { kind: 'PERSON' as const, name: citizen.name, idNumber: citizen.idNumber };
    return this.proofs.issue(intakeFor(citizen, input.district), { person, ...input }, requestId);
  }

  /** One of the citizen's own proofs; found through the blind index of their ID number. */
  async proof(citizen: CitizenPrincipal, proofNo: string): Promise<HoldingsProof> {
    const proof = await JSON.parse(await this.found(() => this.read('HoldingsProof:get', proofNo), 'holdings proof', proofNo)) as HoldingsProof;
    const refs = await this.parties.refsByIdNumber(citizen.idNumber);
    if (!refs.includes(proof.subject)) throw new NotYoursError('holdings proof', proofNo);
    return proof;
  }

  async proofPdf(citizen: CitizenPrincipal, proofNo: string, requestId: string): Promise<Buffer> {
    const proof = await this.proof(citizen, proofNo);
    return this.documents.pdf(HOLDINGS_PROOFS, proofNo, intakeFor(citizen, proof.district), requestId);
  }

  /** A ledger query as the online intake (a record, or a document's JSON text). */
  private read(fn: string, id: string): Promise<string> {
    return this.ledger.evaluate({ identity: INTAKE_IDENTITY, fn, args: [id] });
  }

  /** A record that does not exist is "not yours", as another person's is. */
  private async found(get: () => Promise<string>, what: 'certificate' | 'holdings proof', id: string): Promise<string> {
    try {
      return await get();
    } catch (err) {
      if (err instanceof LedgerRuleRefusal && err.code.endsWith('_NOT_FOUND')) throw new NotYoursError(what, id);
      throw err;
    }
  }
}
