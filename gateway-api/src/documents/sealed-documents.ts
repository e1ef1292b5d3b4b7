import { createHash } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { sealHashOf, zCertificateDocument, zHoldingsProofDocument, type SealClaims } from '@estate-ledger/api-schemas';
import type { Certificate, CertificatePdf, HoldingsProof } from '@estate-ledger/chaincode';
import { CommandService, identityOf } from '../application/command-service';
import { PdfRenderingChangedError } from '../application/application-errors';
import type { StaffPrincipal } from '../auth/principal';
import type { GatewayConfig } from '../config/gateway-config';
import { LedgerRuleRefusal } from '../ledger/ledger-errors';
import type { LedgerPort } from '../ledger/ledger-port';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, ISSUER_KEYS, LEDGER } from '../tokens';
import { certificateLayout, holdingsProofLayout, renderPdf, type DocumentLayout } from './document-pdf';
import type { IssuerKeys } from './issuer-keys';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A ledger record with a canonical JSON document in the private collection and, once rendered, a recorded PDF. */
interface SealedRecord {
  docHash: string;
  pdf?: CertificatePdf;
}

/**
 * One kind of document: its contract (whose `get`, `getDocument` and `recordPdf` it calls), its
 * id field, the claims of its seal (no names or ID numbers), the office that signs it and its layout.
 */
export interface DocumentKind<R extends SealedRecord> {
  contract: 'Certificate' | 'HoldingsProof';
  idField: 'certNo' | 'proofNo';
  claims(record: R): SealClaims;
  /** The issuing office named in the document, whose key seals it. */
  office(document: unknown): string;
  layout(record: R, document: unknown, seal: string, canonicalJson: Buffer): DocumentLayout;
}

/** The claims a certificate's seal carries: number, document hash, unit, register version, issue time. */
export function certificateClaims(cert: Pick<Certificate, 'certNo' | 'docHash' | 'kind' | 'unitNumber' | 'registerVersion' | 'issuedAt'>): SealClaims {
  return { n: cert.certNo, h: sealHashOf(cert.docHash), k: cert.kind === 'TITLE' ? 'T' : 'P', u: cert.unitNumber, v: cert.registerVersion, i: seconds(cert.issuedAt) };
}

export const CERTIFICATES: DocumentKind<Certificate> = {
  contract: 'Certificate',
  idField: 'certNo',
  claims: certificateClaims,
  office: (doc) => zCertificateDocument.parse(doc).issuer,
  layout: (cert, doc, seal, json) => certificateLayout(zCertificateDocument.parse(doc), new Date(cert.issuedAt), cert.docHash, seal, json),
};

export const HOLDINGS_PROOFS: DocumentKind<HoldingsProof> = {
  contract: 'HoldingsProof',
  idField: 'proofNo',
  claims: (p) => ({ n: p.proofNo, h: sealHashOf(p.docHash), k: 'H', i: seconds(p.issuedAt), x: seconds(p.validUntil) }),
  office: (doc) => zHoldingsProofDocument.parse(doc).issuer,
  layout: (p, doc, seal, json) => holdingsProofLayout(zHoldingsProofDocument.parse(doc), new Date(p.issuedAt), p.docHash, seal, json),
};

/**
 * The PDF of a certificate or proof. The first rendering is sealed with the issuing office's
 * current key and recorded on the ledger (its SHA-256 and the seal, `<Contract>:recordPdf`); every
 * later one uses the recorded seal, so it is the same bytes, and is checked against the recorded hash.
 */
@injectable()
export class SealedDocuments {
  /** First renderings in progress, by document: concurrent downloads record one PDF. */
  private readonly first = new Map<string, Promise<Buffer>>();

  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(CommandService) private readonly commands: CommandService,
    @inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
    @inject(CONFIG) private readonly config: GatewayConfig,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The PDF of document `id` of `kind`, for a caller whose tenancy is already checked. */
  async pdf<R extends SealedRecord>(kind: DocumentKind<R>, id: string, principal: StaffPrincipal, requestId: string): Promise<Buffer> {
    const record = await this.record(kind, id, principal);
    if (record.pdf) return this.rerender(kind, id, record, principal);
    const key = `${kind.contract}:${id}`;
    const pending = this.first.get(key) ?? this.sealAndRecord(kind, id, record, principal, requestId).finally(() => this.first.delete(key));
    this.first.set(key, pending);
    return pending;
  }

  private async sealAndRecord<R extends SealedRecord>(kind: DocumentKind<R>, id: string, record: R, principal: StaffPrincipal, requestId: string): Promise<Buffer> {
    const document = await this.document(kind, id, principal);
    const seal = await this.keys.seal(kind.office(document.parsed), kind.claims(record), this.clock.now());
    const bytes = await renderPdf(kind.layout(record, document.parsed, seal, document.bytes), this.config.documentFont);
    try {
      await this.commands.submit({
        principal, fn: `${kind.contract}:recordPdf`, input: { [kind.idField]: id, sha256: sha256(bytes), seal }, tenancy: { from: 'record', fn: `${kind.contract}:get`, idField: kind.idField }, requestId,
      });
      return bytes;
    } catch (err) {
      // Another gateway recorded its rendering first: that one is the document's PDF.
      if (err instanceof LedgerRuleRefusal && err.code === 'CERTIFICATE_PDF_RECORDED') return this.rerender(kind, id, await this.record(kind, id, principal), principal);
      throw err;
    }
  }

  private async rerender<R extends SealedRecord>(kind: DocumentKind<R>, id: string, record: R, principal: StaffPrincipal): Promise<Buffer> {
    if (!record.pdf) throw new Error(`${kind.contract} ${id} has no recorded PDF`);
    const document = await this.document(kind, id, principal);
    const bytes = await renderPdf(kind.layout(record, document.parsed, record.pdf.seal, document.bytes), this.config.documentFont);
    const hash = sha256(bytes);
    if (hash !== record.pdf.sha256) throw new PdfRenderingChangedError(id, record.pdf.sha256, hash);
    return bytes;
  }

  /** The record as the ledger holds it now (the read model may not show a just-recorded PDF yet). */
  private async record<R extends SealedRecord>(kind: DocumentKind<R>, id: string, principal: StaffPrincipal): Promise<R> {
    return JSON.parse(await this.ledger.evaluate({ identity: identityOf(principal), fn: `${kind.contract}:get`, args: [id] })) as R;
  }

  private async document<R extends SealedRecord>(kind: DocumentKind<R>, id: string, principal: StaffPrincipal): Promise<{ bytes: Buffer; parsed: unknown }> {
    const text = await this.ledger.evaluate({ identity: identityOf(principal), fn: `${kind.contract}:getDocument`, args: [id] });
    return { bytes: Buffer.from(text, 'utf8'), parsed: JSON.parse(text) };
  }
}
