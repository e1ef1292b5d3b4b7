import { createHash } from 'node:crypto';
import { canonicalBytes } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY } from '../domain/keys';
import { CERTIFICATE_OF } from '../domain/materials';
import type { Certificate, Holder, PartyRef, Registration, Unit } from '../domain/model';
import { isoDateInChina } from '../domain/validators/date';
import { formatCertificateNumber, isProvinceAbbreviation } from '../domain/validators';
import type { EstateContext } from './estate-context';

const RIGHT_TYPE = { FIRST: 'OWNERSHIP', TRANSFER: 'OWNERSHIP', CHANGE: 'OWNERSHIP', CORRECTION: 'OWNERSHIP', MORTGAGE: 'MORTGAGE', NOTICE: 'NOTICE', RESIDENCE: 'RESIDENCE' } as const;

/** The right a registration created, if it is still on the register. */
function currentRight(unit: Unit, reg: Registration): { holders: Holder[]; detail: Record<string, unknown> } | undefined {
  const own = unit.ownership;
  if (own && own.rightId === reg.rightId) return { holders: own.holders, detail: { coOwnership: own.coOwnership } };
  const m = unit.mortgages.find((x) => x.rightId === reg.rightId);
  if (m) {
    return {
      holders: [{ party: m.creditor }],
      detail: { mortgagors: m.mortgagors, amount: m.amount, maximumAmount: m.maximumAmount, noTransfer: m.noTransfer, termStart: m.termStart, termEnd: m.termEnd, rank: m.rank },
    };
  }
  const n = unit.notices.find((x) => x.rightId === reg.rightId);
  if (n) return { holders: n.holders.map((party) => ({ party })), detail: { contractId: n.contractId } };
  const r = unit.residence.find((x) => x.rightId === reg.rightId);
  if (r) return { holders: r.holders.map((party) => ({ party })), detail: { until: r.until } };
  return undefined;
}

function requireCurrentRight(unit: Unit, reg: Registration) {
  const right = currentRight(unit, reg);
  if (!right) throw new RuleError('RIGHT_NOT_CURRENT', `The right created by ${reg.registrationId} is no longer on the register`);
  return right;
}

/**
 * 缮证: assigns the next certificate number of this registry and year, builds the certificate
 * document (with the holders' names from the private collection) and fixes its SHA-256.
 */
export async function prepareCertificate(ctx: EstateContext, reg: Registration, unit: Unit): Promise<void> {
  const kind = CERTIFICATE_OF[reg.type];
  if (!kind) throw new RuleError('INVALID_STATE', `A ${reg.type} registration issues no certificate`);
  const right = requireCurrentRight(unit, reg);
  const config = await ctx.config();
  if (!isProvinceAbbreviation(config.provinceAbbr)) throw new RuleError('LEDGER_NOT_INITIALISED', `Unknown province abbreviation ${config.provinceAbbr}`);
  const year = Number(isoDateInChina(ctx.now).slice(0, 4));
  const seqAttrs = [config.issuerName, String(year), kind];
  const seq = (await ctx.get<{ next: number }>(KEY.certificateSequence, ...seqAttrs)) ?? { next: 1 };
  const certNo = formatCertificateNumber({ provinceAbbr: config.provinceAbbr, year, issuer: config.issuerName, kind, sequence: seq.next });
  await ctx.put(KEY.certificateSequence, seqAttrs, { next: seq.next + 1 });

  const named = async (party: PartyRef) => {
    const p = await ctx.party(party);
    if (!p) throw new RuleError('PARTY_MISSING', `No private record for party ${party}`);
    return { name: p.name, idKind: p.kind === 'PERSON' ? 'RESIDENT_ID' : 'CREDIT_CODE', idNumber: p.idNumber };
  };
  const document = {
    schema: 'estate-ledger/certificate/v1',
    certNo,
    kind,
    issuer: config.registryName,
    rightType: RIGHT_TYPE[reg.type as keyof typeof RIGHT_TYPE],
    unitNumber: unit.unitNumber,
    location: unit.location,
    use: unit.use,
    structure: unit.structure,
    areas: unit.areas,
    holders: await Promise.all(right.holders.map(async (h) => ({ ...(await named(h.party)), share: h.share ?? null }))),
    right: right.detail,
    registrationId: reg.registrationId,
    registerVersion: reg.registerVersion,
    recordedAt: reg.recordedAt,
    preparedAt: ctx.now,
  };
  const bytes = canonicalBytes(document);
  await ctx.ledger.putPrivateData(PARTY_COLLECTION, ctx.ledger.createCompositeKey(PRIVATE_KEY.certificateDocument, [certNo]), bytes);
  reg.certNo = certNo;
  reg.certHash = createHash('sha256').update(bytes).digest('hex');
}

/** 发证: the certificate becomes VALID and names the one it replaces. */
export async function issueCertificate(ctx: EstateContext, reg: Registration, unit: Unit): Promise<Certificate> {
  requireCurrentRight(unit, reg);
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
    status: 'VALID',
    issuedAt: ctx.now,
    issuedTxId: ctx.txId,
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
