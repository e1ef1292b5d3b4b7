import { createHash } from 'node:crypto';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalBytes, canonicalJson } from '../domain/canonical-json';
import { LedgerCommands } from '../domain/commands';
import { RuleError } from '../domain/errors';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY } from '../domain/keys';
import type { HoldingsProof, Unit } from '../domain/model';
import { requireIssuingOffice } from '../domain/registry-offices';
import { isoDateInChina } from '../domain/validators/date';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

const DAY_MS = 86_400_000;

/**
 * 有房/无房证明: a signed statement of the units a person owns in a district as of a stated time,
 * or that they own none. The gateway finds the units through the read model's blind index of ID
 * numbers; the chaincode checks each is in the district and owned by the person now. That the
 * list is complete (no unit left out, "none" really none) is the issuing registry's statement:
 * the chaincode has no index by owner to check it against without scanning every unit.
 */
@Info({ title: 'HoldingsProof', description: 'Proofs of the units a person holds, or that they hold none (有房/无房证明)' })
export class HoldingsProofContract extends EstateContract {
  constructor() {
    super('HoldingsProof');
  }

  @Transaction()
  @Returns('string')
  async issue(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('proof.issue');
    const cmd = ctx.parse(LedgerCommands.issueHoldingsProof, input);
    const subject = (await ctx.transientParties())(cmd.person);
    const person = await ctx.party(subject);
    if (!person) throw new RuleError('PARTY_MISSING', `No private record for party ${subject}`);
    const config = await ctx.config();
    const office = requireIssuingOffice(config.offices, cmd.district);

    const holdings = [];
    for (const unitNumber of [...new Set(cmd.units)].sort()) {
      const unit = await ctx.get<Unit>(KEY.unit, unitNumber);
      const holder = unit?.ownership?.holders.find((h) => h.party === subject);
      if (!unit || unit.district !== cmd.district || !holder || !unit.ownership) {
        throw new RuleError('NOT_RIGHT_HOLDER', `The person does not own unit ${unitNumber} in district ${cmd.district}`, { field: 'units' });
      }
      holdings.push({ unitNumber, location: unit.location, use: unit.use, areas: unit.areas, coOwnership: unit.ownership.coOwnership, share: holder.share ?? null });
    }

    const year = isoDateInChina(ctx.now).slice(0, 4);
    const seqAttrs = [office.code, year];
    const seq = (await ctx.get<{ next: number }>(KEY.holdingsProofSequence, ...seqAttrs)) ?? { next: 1 };
    await ctx.put(KEY.holdingsProofSequence, seqAttrs, { next: seq.next + 1 });
    const proofNo = `${office.registryName}查询证明〔${year}〕${String(seq.next).padStart(7, '0')}号`;
    const validUntil = new Date(Date.parse(ctx.now) + cmd.validDays * DAY_MS).toISOString();

    const document = {
      schema: 'estate-ledger/holdings-proof/v1',
      proofNo,
      issuer: office.registryName,
      person: { name: person.name, idKind: person.kind === 'PERSON' ? 'RESIDENT_ID' : 'CREDIT_CODE', idNumber: person.idNumber },
      district: cmd.district,
      asOf: ctx.now,
      validUntil,
      holdings,
    };
    const bytes = canonicalBytes(document);
    await ctx.ledger.putPrivateData(PARTY_COLLECTION, ctx.ledger.createCompositeKey(PRIVATE_KEY.holdingsProofDocument, [proofNo]), bytes);
    const proof: HoldingsProof = {
      proofNo,
      district: cmd.district,
      subject,
      units: holdings.map((h) => h.unitNumber),
      docHash: createHash('sha256').update(bytes).digest('hex'),
      issuedAt: ctx.now,
      validUntil,
      issuedTxId: ctx.txId,
    };
    await ctx.put(KEY.holdingsProof, [proofNo], proof);
    ctx.emit({ type: 'HOLDINGS_PROOF_ISSUED', district: cmd.district, subject: { kind: 'holdingsProof', id: proofNo } });
    return canonicalJson(proof);
  }

  /** Records the proof's PDF when it is first rendered, as Certificate:recordPdf does for certificates. */
  @Transaction()
  @Returns('string')
  async recordPdf(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('proof.issue');
    const cmd = ctx.parse(LedgerCommands.recordHoldingsProofPdf, input);
    const proof = await this.proof(ctx, cmd.proofNo);
    if (proof.pdf) {
      if (proof.pdf.sha256 === cmd.sha256 && proof.pdf.seal === cmd.seal) return canonicalJson(proof);
      throw new RuleError('CERTIFICATE_PDF_RECORDED', `Proof ${cmd.proofNo} already has its PDF ${proof.pdf.sha256}`, { field: 'sha256' });
    }
    proof.pdf = { sha256: cmd.sha256, seal: cmd.seal, recordedAt: ctx.now };
    await ctx.put(KEY.holdingsProof, [proof.proofNo], proof);
    ctx.emit({ type: 'HOLDINGS_PROOF_PDF_RECORDED', district: proof.district, subject: { kind: 'holdingsProof', id: proof.proofNo } });
    return canonicalJson(proof);
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, proofNo: string): Promise<string> {
    return canonicalJson(await this.proof(ctx, proofNo));
  }

  /** The proof's document (with the person's name and ID number), for staff who may read party data and for rendering it for its person. */
  @Transaction(false)
  @Returns('string')
  async getDocument(ctx: EstateContext, proofNo: string): Promise<string> {
    ctx.authorise('document.read');
    const bytes = await ctx.ledger.getPrivateData(PARTY_COLLECTION, ctx.ledger.createCompositeKey(PRIVATE_KEY.holdingsProofDocument, [proofNo]));
    if (!bytes || bytes.length === 0) throw new RuleError('HOLDINGS_PROOF_NOT_FOUND', `No holdings proof document ${proofNo}`, { field: 'proofNo' });
    return new TextDecoder().decode(bytes);
  }

  private async proof(ctx: EstateContext, proofNo: string): Promise<HoldingsProof> {
    const proof = await ctx.get<HoldingsProof>(KEY.holdingsProof, proofNo);
    if (!proof) throw new RuleError('HOLDINGS_PROOF_NOT_FOUND', `No holdings proof ${proofNo}`, { field: 'proofNo' });
    return proof;
  }
}
