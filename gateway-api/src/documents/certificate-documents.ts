import { createHash } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { sealHashOf, zCertificateDocument, type SealClaims } from '@estate-ledger/api-schemas';
import type { Certificate } from '@estate-ledger/chaincode';
import { CommandService, identityOf } from '../application/command-service';
import { PdfRenderingChangedError } from '../application/application-errors';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config/gateway-config';
import { LedgerRuleRefusal } from '../ledger/ledger-errors';
import type { LedgerPort } from '../ledger/ledger-port';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, ISSUER_KEYS, LEDGER } from '../tokens';
import { certificateLayout, renderPdf } from './certificate-pdf';
import type { IssuerKeys } from './issuer-keys';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The claims a certificate's seal carries: number, document hash, unit, register version, issue time; no names or ID numbers. */
export function certificateClaims(cert: Pick<Certificate, 'certNo' | 'docHash' | 'kind' | 'unitNumber' | 'registerVersion' | 'issuedAt'>): SealClaims {
  return { n: cert.certNo, h: sealHashOf(cert.docHash), k: cert.kind === 'TITLE' ? 'T' : 'P', u: cert.unitNumber, v: cert.registerVersion, i: Math.floor(Date.parse(cert.issuedAt) / 1000) };
}

/**
 * A certificate's PDF. The first rendering is sealed with the issuing office's current key and
 * recorded on the ledger (its SHA-256 and the seal, Certificate:recordPdf); every later one uses
 * the recorded seal, so it is the same bytes, and is checked against the recorded hash.
 */
@injectable()
export class CertificateDocuments {
  /** First renderings in progress, by certificate number: concurrent downloads record one PDF. */
  private readonly first = new Map<string, Promise<Buffer>>();

  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(CommandService) private readonly commands: CommandService,
    @inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
    @inject(CONFIG) private readonly config: GatewayConfig,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The PDF of a certificate the caller may read (tenancy is the caller's to check first). */
  async pdf(certNo: string, principal: Principal, requestId: string): Promise<Buffer> {
    const cert = await this.certificate(certNo, principal);
    if (cert.pdf) return this.rerender(cert, principal);
    const pending = this.first.get(certNo) ?? this.sealAndRecord(cert, principal, requestId).finally(() => this.first.delete(certNo));
    this.first.set(certNo, pending);
    return pending;
  }

  private async sealAndRecord(cert: Certificate, principal: Principal, requestId: string): Promise<Buffer> {
    const document = await this.document(cert.certNo, principal);
    const seal = await this.keys.seal(document.parsed.issuer, certificateClaims(cert), this.clock.now());
    const bytes = await this.render(cert, document, seal);
    try {
      await this.commands.submit({ principal, fn: 'Certificate:recordPdf', input: { certNo: cert.certNo, sha256: sha256(bytes), seal }, tenancy: { from: 'record', fn: 'Certificate:get', idField: 'certNo' }, requestId });
      return bytes;
    } catch (err) {
      // Another gateway recorded its rendering first: that one is the certificate's PDF.
      if (err instanceof LedgerRuleRefusal && err.code === 'CERTIFICATE_PDF_RECORDED') return this.rerender(await this.certificate(cert.certNo, principal), principal);
      throw err;
    }
  }

  private async rerender(cert: Certificate, principal: Principal): Promise<Buffer> {
    if (!cert.pdf) throw new Error(`Certificate ${cert.certNo} has no recorded PDF`);
    const bytes = await this.render(cert, await this.document(cert.certNo, principal), cert.pdf.seal);
    const hash = sha256(bytes);
    if (hash !== cert.pdf.sha256) throw new PdfRenderingChangedError(cert.certNo, cert.pdf.sha256, hash);
    return bytes;
  }

  private render(cert: Certificate, document: { bytes: Buffer; parsed: ReturnType<typeof zCertificateDocument.parse> }, seal: string): Promise<Buffer> {
    return renderPdf(certificateLayout(document.parsed, new Date(cert.issuedAt), cert.docHash, seal, document.bytes), this.config.documentFont);
  }

  /** The certificate as the ledger holds it now (the read model may not show a just-recorded PDF yet). */
  private async certificate(certNo: string, principal: Principal): Promise<Certificate> {
    return JSON.parse(await this.ledger.evaluate({ identity: identityOf(principal), fn: 'Certificate:get', args: [certNo] })) as Certificate;
  }

  private async document(certNo: string, principal: Principal) {
    const text = await this.ledger.evaluate({ identity: identityOf(principal), fn: 'Certificate:getDocument', args: [certNo] });
    return { bytes: Buffer.from(text, 'utf8'), parsed: zCertificateDocument.parse(JSON.parse(text)) };
  }
}
