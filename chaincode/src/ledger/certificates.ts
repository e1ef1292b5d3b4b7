import { createHash } from 'node:crypto';
import { canonicalBytes } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY } from '../domain/keys';
import { CERTIFICATE_OF } from '../domain/materials';
import { contentFingerprint, statedContent, type StatedContent } from '../domain/certificate-content';
import type { Certificate, Ownership, PartyRef, PendingCertificate, Registration, Unit } from '../domain/model';
import { isoDateInChina } from '../domain/validators/date';
import { formatCertificateNumber, isProvinceAbbreviation, type CertificateKind } from '../domain/validators';
import { requireIssuingOffice } from '../domain/registry-offices';
import type { EstateContext } from './estate-context';

const RIGHT_TYPE = { FIRST: 'OWNERSHIP', TRANSFER: 'OWNERSHIP', CHANGE: 'OWNERSHIP', CORRECTION: 'OWNERSHIP', REGISTRY_CORRECTION: 'OWNERSHIP', MORTGAGE: 'MORTGAGE', MORTGAGE_TRANSFER: 'MORTGAGE', MORTGAGE_CHANGE: 'MORTGAGE', MORTGAGE_NOTICE: 'NOTICE', NOTICE: 'NOTICE', RESIDENCE: 'RESIDENCE' } as const;

/** What the certificate for the right a registration created states, while that right is on the register. */
function requireStatedContent(unit: Unit, reg: Registration): StatedContent {
  const content = reg.rightId === undefined ? undefined : statedContent(unit, reg.rightId);
  if (!content) throw new RuleError('RIGHT_NOT_CURRENT', `The right created by ${reg.registrationId} is no longer on the register`);
  return content;
}

/**
 * 缮证: fixes what the certificate states and queues it with the office that serves the unit's
 * district. It writes no shared key: the number comes from the office's next numbering batch
 * (numberCertificates), so any number of certifications commit in one block.
 */
export async function queueForNumbering(ctx: EstateContext, reg: Registration, unit: Unit): Promise<void> {
  const kind = CERTIFICATE_OF[reg.type];
  if (!kind) throw new RuleError('INVALID_STATE', `A ${reg.type} registration issues no certificate`);
  const content = requireStatedContent(unit, reg);
  const office = requireIssuingOffice((await ctx.config()).offices, unit.district);
  const pending: PendingCertificate = { registrationId: reg.registrationId, kind, content, certifiedAt: ctx.now };
  await ctx.put(KEY.certificateQueue, [office.code, reg.registrationId], pending);
  reg.certContentHash = contentFingerprint(content);
  reg.certIssuer = { office: office.code, name: office.registryName };
}

/** Numbering order: the time of 缮证 (the transaction timestamp), then the registration id. */
const byCertification = (a: PendingCertificate, b: PendingCertificate) =>
  a.certifiedAt < b.certifiedAt ? -1 : a.certifiedAt > b.certifiedAt ? 1 : a.registrationId < b.registrationId ? -1 : a.registrationId > b.registrationId ? 1 : 0;

/** An office's queue, in numbering order. */
export async function awaitingNumber(ctx: EstateContext, officeCode: string): Promise<PendingCertificate[]> {
  return (await ctx.list<PendingCertificate>(KEY.certificateQueue, officeCode)).sort(byCertification);
}

export interface NumberedCertificate {
  registrationId: string;
  certNo: string;
  certHash: string;
}

/**
 * The numbering step of one office: gives the queued certifications among `registrationIds` the
 * next numbers of the office's per-year sequence, in the order they were certified, builds each
 * certificate document (names from the private collection) and fixes its SHA-256. One
 * transaction per batch reads and writes the sequence, so numbers stay gap-free and in order;
 * a registration numbered already (by a concurrent batch) is skipped.
 */
export async function numberCertificates(ctx: EstateContext, officeCode: string, registrationIds: string[]): Promise<NumberedCertificate[]> {
  const config = await ctx.config();
  if (!isProvinceAbbreviation(config.provinceAbbr)) throw new RuleError('LEDGER_NOT_INITIALISED', `Unknown province abbreviation ${config.provinceAbbr}`);
  const office = config.offices.find((o) => o.code === officeCode);
  if (!office) throw new RuleError('INVALID_INPUT', `office: no registry office ${officeCode} is configured`, { field: 'office', rule: 'UNKNOWN_OFFICE' });
  const pending: PendingCertificate[] = [];
  for (const id of new Set(registrationIds)) {
    const entry = await ctx.get<PendingCertificate>(KEY.certificateQueue, office.code, id);
    if (entry) pending.push(entry);
  }
  if (pending.length === 0) {
    throw new RuleError('INVALID_STATE', `None of ${registrationIds.join(', ')} awaits a number from office ${office.code}: numbered already or not certified there`, { field: 'registrationIds' });
  }
  const year = String(isoDateInChina(ctx.now).slice(0, 4));
  const next = new Map<CertificateKind, number>();
  const numbered: NumberedCertificate[] = [];
  for (const p of pending.sort(byCertification)) {
    const provinceAbbr = config.provinceAbbr;
    const numberOf = (n: number) => formatCertificateNumber({ provinceAbbr, year: Number(year), issuer: office.issuerName, kind: p.kind, sequence: n });
    let sequence = next.get(p.kind) ?? (await ctx.get<{ next: number }>(KEY.certificateSequence, office.code, year, p.kind))?.next ?? 1;
    // A legacy certificate migrated with its own number keeps it: the sequence passes over numbers already taken.
    while (await ctx.get<Certificate>(KEY.certificate, numberOf(sequence))) sequence += 1;
    next.set(p.kind, sequence + 1);
    const certNo = numberOf(sequence);
    const reg = await ctx.mustGet<Registration>(KEY.registration, p.registrationId);
    const bytes = canonicalBytes(await certificateDocument(ctx, reg, p, certNo, office.registryName));
    await ctx.ledger.putPrivateData(PARTY_COLLECTION, ctx.ledger.createCompositeKey(PRIVATE_KEY.certificateDocument, [certNo]), bytes);
    reg.certNo = certNo;
    reg.certHash = createHash('sha256').update(bytes).digest('hex');
    await ctx.put(KEY.registration, [reg.registrationId], reg);
    await ctx.ledger.deleteState(ctx.key(KEY.certificateQueue, office.code, reg.registrationId));
    numbered.push({ registrationId: reg.registrationId, certNo, certHash: reg.certHash });
  }
  for (const [kind, n] of next) await ctx.put(KEY.certificateSequence, [office.code, year, kind], { next: n });
  return numbered;
}

/** The certificate document: exactly the content CERTIFICATE_STATES lists, parties by name and ID number. */
async function certificateDocument(ctx: EstateContext, reg: Registration, p: PendingCertificate, certNo: string, issuer: string) {
  const named = async (party: PartyRef) => {
    const record = await ctx.party(party);
    if (!record) throw new RuleError('PARTY_MISSING', `No private record for party ${party}`);
    return { name: record.name, idKind: record.kind === 'PERSON' ? 'RESIDENT_ID' : 'CREDIT_CODE', idNumber: record.idNumber };
  };
  const { holders, creditor, mortgagors, ...terms } = p.content.right;
  const right = {
    ...terms,
    ...(holders && { holders: await Promise.all(holders.map(async (h) => ({ ...(await named(h.party)), share: h.share ?? null }))) }),
    ...(creditor !== undefined && { creditor: await named(creditor) }),
    ...(mortgagors && { mortgagors: await Promise.all(mortgagors.map(named)) }),
  };
  return {
    schema: 'estate-ledger/certificate/v2',
    certNo,
    kind: p.kind,
    issuer,
    ...p.content,
    right,
    registrationId: reg.registrationId,
    registerVersion: reg.registerVersion,
    recordedAt: reg.recordedAt,
    preparedAt: p.certifiedAt,
  };
}

/** 发证: the certificate becomes VALID and names the one it replaces. */
export async function issueCertificate(ctx: EstateContext, reg: Registration, unit: Unit): Promise<Certificate> {
  requireStatedContent(unit, reg);
  const kind = CERTIFICATE_OF[reg.type];
  if (kind && reg.certIssuer && !reg.certNo) {
    throw new RuleError('AWAITING_CERTIFICATE_NUMBER', `The certificate of ${reg.registrationId} awaits its number from office ${reg.certIssuer.office}'s numbering step`);
  }
  if (!kind || !reg.certNo || !reg.certHash || reg.registerVersion === undefined || !reg.rightId) {
    throw new RuleError('INVALID_STATE', `Registration ${reg.registrationId} has no prepared certificate`);
  }
  const cert: Certificate = {
    certNo: reg.certNo,
    kind,
    unitNumber: unit.unitNumber,
    district: unit.district,
    rightId: reg.rightId,
    rightType: RIGHT_TYPE[reg.type as keyof typeof RIGHT_TYPE],
    registrationId: reg.registrationId,
    registerVersion: reg.registerVersion,
    docHash: reg.certHash,
    // What the certificate states is what was prepared at 缮证, not what the register says at issue.
    contentHash: reg.certContentHash,
    status: 'VALID',
    issuedAt: ctx.now,
    issuedTxId: ctx.txId,
    ...(reg.certIssuer && { issuer: reg.certIssuer }),
  };
  const predecessor = kind === 'TITLE' ? unit.ownership?.predecessor : undefined;
  if (predecessor) {
    const oldReg = await ctx.get<Registration>(KEY.registration, predecessor.replace(/^R-/, ''));
    // A migrated predecessor has no registration: its title entry carries its legacy certificate number.
    const oldCertNo = oldReg?.certNo ?? (await ctx.list<Ownership>(KEY.title, unit.unitNumber)).find((t) => t.rightId === predecessor)?.certNo;
    const old = oldCertNo ? await ctx.get<Certificate>(KEY.certificate, oldCertNo) : undefined;
    if (old) {
      old.supersededBy = cert.certNo;
      if (old.status === 'VALID') {
        old.status = 'SUPERSEDED';
        old.statusAt = ctx.now;
      }
      await ctx.put(KEY.certificate, [old.certNo], old);
      cert.supersedes = old.certNo;
    }
  }
  await ctx.put(KEY.certificate, [cert.certNo], cert);
  await ctx.put(KEY.certificateByHash, [cert.docHash], { certNo: cert.certNo });
  return cert;
}
