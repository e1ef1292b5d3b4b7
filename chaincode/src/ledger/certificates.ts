import { createHash } from 'node:crypto';
import { canonicalBytes } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY } from '../domain/keys';
import { CERTIFICATE_OF } from '../domain/materials';
import { contentFingerprint, statedContent, type StatedContent } from '../domain/certificate-content';
import type { Certificate, PartyRef, Registration, Unit } from '../domain/model';
import { isoDateInChina } from '../domain/validators/date';
import { formatCertificateNumber, isProvinceAbbreviation } from '../domain/validators';
import { requireIssuingOffice } from '../domain/registry-offices';
import type { EstateContext } from './estate-context';

const RIGHT_TYPE = { FIRST: 'OWNERSHIP', TRANSFER: 'OWNERSHIP', CHANGE: 'OWNERSHIP', CORRECTION: 'OWNERSHIP', MORTGAGE: 'MORTGAGE', NOTICE: 'NOTICE', RESIDENCE: 'RESIDENCE' } as const;

/** What the certificate for the right a registration created states, while that right is on the register. */
function requireStatedContent(unit: Unit, reg: Registration): StatedContent {
  const content = reg.rightId === undefined ? undefined : statedContent(unit, reg.rightId);
  if (!content) throw new RuleError('RIGHT_NOT_CURRENT', `The right created by ${reg.registrationId} is no longer on the register`);
  return content;
}

/**
 * 缮证: assigns the next certificate number of this registry and year, builds the certificate
 * document (with the holders' names from the private collection) and fixes its SHA-256.
 */
export async function prepareCertificate(ctx: EstateContext, reg: Registration, unit: Unit): Promise<void> {
  const kind = CERTIFICATE_OF[reg.type];
  if (!kind) throw new RuleError('INVALID_STATE', `A ${reg.type} registration issues no certificate`);
  const content = requireStatedContent(unit, reg);
  const config = await ctx.config();
  if (!isProvinceAbbreviation(config.provinceAbbr)) throw new RuleError('LEDGER_NOT_INITIALISED', `Unknown province abbreviation ${config.provinceAbbr}`);
  const office = requireIssuingOffice(config.offices, unit.district);
  const year = Number(isoDateInChina(ctx.now).slice(0, 4));
  const seqAttrs = [office.code, String(year), kind];
  const seq = (await ctx.get<{ next: number }>(KEY.certificateSequence, ...seqAttrs)) ?? { next: 1 };
  const certNo = formatCertificateNumber({ provinceAbbr: config.provinceAbbr, year, issuer: office.issuerName, kind, sequence: seq.next });
  await ctx.put(KEY.certificateSequence, seqAttrs, { next: seq.next + 1 });

  const named = async (party: PartyRef) => {
    const p = await ctx.party(party);
    if (!p) throw new RuleError('PARTY_MISSING', `No private record for party ${party}`);
    return { name: p.name, idKind: p.kind === 'PERSON' ? 'RESIDENT_ID' : 'CREDIT_CODE', idNumber: p.idNumber };
  };
  // The document states exactly the content CERTIFICATE_STATES lists, parties by name and ID number.
  const { holders, creditor, mortgagors, ...terms } = content.right;
  const right = {
    ...terms,
    ...(holders && { holders: await Promise.all(holders.map(async (h) => ({ ...(await named(h.party)), share: h.share ?? null }))) }),
    ...(creditor !== undefined && { creditor: await named(creditor) }),
    ...(mortgagors && { mortgagors: await Promise.all(mortgagors.map(named)) }),
  };
  const document = {
    schema: 'estate-ledger/certificate/v2',
    certNo,
    kind,
    issuer: office.registryName,
    ...content,
    right,
    registrationId: reg.registrationId,
    registerVersion: reg.registerVersion,
    recordedAt: reg.recordedAt,
    preparedAt: ctx.now,
  };
  const bytes = canonicalBytes(document);
  await ctx.ledger.putPrivateData(PARTY_COLLECTION, ctx.ledger.createCompositeKey(PRIVATE_KEY.certificateDocument, [certNo]), bytes);
  reg.certNo = certNo;
  reg.certHash = createHash('sha256').update(bytes).digest('hex');
  reg.certContentHash = contentFingerprint(content);
  reg.certIssuer = { office: office.code, name: office.registryName };
}

/** 发证: the certificate becomes VALID and names the one it replaces. */
export async function issueCertificate(ctx: EstateContext, reg: Registration, unit: Unit): Promise<Certificate> {
  requireStatedContent(unit, reg);
  const kind = CERTIFICATE_OF[reg.type];
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
    const old = oldReg?.certNo ? await ctx.get<Certificate>(KEY.certificate, oldReg.certNo) : undefined;
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
