import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands, zSha256 } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { currentContentFingerprint } from '../domain/certificate-content';
import { RuleError } from '../domain/errors';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY } from '../domain/keys';
import type { Certificate, Unit } from '../domain/model';
import { refreshUnit, unitFlags } from '../domain/register';
import { verificationOf } from '../domain/verification';
import { awaitingNumber, numberCertificates } from '../ledger/certificates';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

@Info({ title: 'Certificate', description: 'Electronic certificates (电子证照): revocation, status and verification by hash' })
export class CertificateContract extends EstateContract {
  constructor() {
    super('Certificate');
  }

  @Transaction()
  @Returns('string')
  async revoke(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('certificate.revoke');
    const cmd = ctx.parse(LedgerCommands.revokeCertificate, input);
    const cert = await ctx.get<Certificate>(KEY.certificate, cmd.certNo);
    if (!cert) throw new RuleError('CERTIFICATE_NOT_FOUND', `No certificate ${cmd.certNo}`, { field: 'certNo' });
    if (cert.status !== 'VALID') throw new RuleError('INVALID_STATE', `Certificate ${cmd.certNo} is already ${cert.status}`);
    cert.status = 'REVOKED';
    cert.statusReason = cmd.reason;
    cert.statusAt = ctx.now;
    await ctx.put(KEY.certificate, [cert.certNo], cert);
    ctx.emit({ type: 'CERTIFICATE_REVOKED', district: cert.district, unitNumber: cert.unitNumber, subject: { kind: 'certificate', id: cert.certNo } });
    return canonicalJson(cert);
  }

  /**
   * Records the certificate's PDF when it is first rendered: its SHA-256, so the public can verify
   * the file a person holds, and the signed seal its QR carries, so every later rendering is the
   * same bytes. Recording the same again is a no-op; a different PDF is refused.
   */
  @Transaction()
  @Returns('string')
  async recordPdf(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('certificate.pdf');
    const cmd = ctx.parse(LedgerCommands.recordCertificatePdf, input);
    const cert = await ctx.get<Certificate>(KEY.certificate, cmd.certNo);
    if (!cert) throw new RuleError('CERTIFICATE_NOT_FOUND', `No certificate ${cmd.certNo}`, { field: 'certNo' });
    if (cert.pdf) {
      if (cert.pdf.sha256 === cmd.sha256 && cert.pdf.seal === cmd.seal) return canonicalJson(cert);
      throw new RuleError('CERTIFICATE_PDF_RECORDED', `Certificate ${cmd.certNo} already has its PDF ${cert.pdf.sha256}`, { field: 'sha256' });
    }
    if (await ctx.get<{ certNo: string }>(KEY.certificateByHash, cmd.sha256)) throw new RuleError('CERTIFICATE_PDF_RECORDED', `Hash ${cmd.sha256} already names a certificate`, { field: 'sha256' });
    cert.pdf = { sha256: cmd.sha256, seal: cmd.seal, recordedAt: ctx.now };
    await ctx.put(KEY.certificate, [cert.certNo], cert);
    await ctx.put(KEY.certificateByHash, [cmd.sha256], { certNo: cert.certNo });
    ctx.emit({ type: 'CERTIFICATE_PDF_RECORDED', district: cert.district, unitNumber: cert.unitNumber, subject: { kind: 'certificate', id: cert.certNo } });
    return canonicalJson(cert);
  }

  /**
   * An office's numbering step: the queued certifications it names get the next numbers of the
   * office's per-year sequence, in the order they were certified. The registry's gateway submits
   * it for what it certified, batching everything certified meanwhile (see docs/ledger.md).
   */
  @Transaction()
  @Returns('string')
  async number(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('certificate.number');
    const cmd = ctx.parse(LedgerCommands.numberCertificates, input);
    const numbered = await numberCertificates(ctx, cmd.office, cmd.registrationIds);
    ctx.emit({ type: 'CERTIFICATES_NUMBERED', subject: { kind: 'office', id: cmd.office } });
    return canonicalJson({ office: cmd.office, numbered });
  }

  /** The certifications waiting for a number from an office, in numbering order. */
  @Transaction(false)
  @Returns('string')
  async awaitingNumber(ctx: EstateContext, office: string): Promise<string> {
    ctx.authorise('certificate.number');
    return canonicalJson((await awaitingNumber(ctx, office)).map(({ registrationId, kind, certifiedAt }) => ({ registrationId, kind, certifiedAt })));
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, certNo: string): Promise<string> {
    const cert = await ctx.get<Certificate>(KEY.certificate, certNo);
    if (!cert) throw new RuleError('CERTIFICATE_NOT_FOUND', `No certificate ${certNo}`, { field: 'certNo' });
    return canonicalJson(cert);
  }

  /** Status by document hash: whether the certificate's own content still matches the register, and the restrictions standing on the unit. */
  @Transaction(false)
  @Returns('string')
  async verify(ctx: EstateContext, hash: string): Promise<string> {
    const parsed = zSha256.safeParse(hash);
    if (!parsed.success) throw new RuleError('INVALID_INPUT', 'hash: must be a lowercase hex SHA-256 digest', { field: 'hash', rule: 'SHA256_FORMAT' });
    const index = await ctx.get<{ certNo: string }>(KEY.certificateByHash, hash);
    const cert = index && (await ctx.get<Certificate>(KEY.certificate, index.certNo));
    const stored = cert ? await ctx.get<Unit>(KEY.unit, cert.unitNumber) : undefined;
    const unit = stored && refreshUnit(stored, ctx.now, ctx.txId).unit;
    return canonicalJson(verificationOf(cert, unit && cert && { registerVersion: unit.registerVersion, flags: unitFlags(unit), contentHash: currentContentFingerprint(unit, cert.rightId) }));
  }

  /** The certificate document (with names and ID numbers), for staff who may read party data and for rendering it for its holder. */
  @Transaction(false)
  @Returns('string')
  async getDocument(ctx: EstateContext, certNo: string): Promise<string> {
    ctx.authorise('document.read');
    const bytes = await ctx.ledger.getPrivateData(PARTY_COLLECTION, ctx.ledger.createCompositeKey(PRIVATE_KEY.certificateDocument, [certNo]));
    if (!bytes || bytes.length === 0) throw new RuleError('CERTIFICATE_NOT_FOUND', `No certificate document ${certNo}`, { field: 'certNo' });
    return new TextDecoder().decode(bytes);
  }
}
