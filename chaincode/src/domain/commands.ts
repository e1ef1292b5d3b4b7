import { z } from 'zod';
import {
  NO_TODAY,
  checkDateRange,
  checkTaxAmount,
  isProvinceAbbreviation,
  refineAcross,
  zArea,
  zCertificateNumber,
  zHouseCode,
  zIsoDate,
  zMoney,
  zPartyIdAt,
  zUnitNumber,
  type Today,
} from './validators';
import { MATERIAL_NAMES, type MaterialType } from './materials';
import { APPLIED_FOR_TYPES } from './model';
import { checkRegistryOffices } from './registry-offices';

/**
 * Inputs of every ledger transaction, defined once. A command is built over a "party slot":
 * the gateway's REST body carries full party identities (`zPartyIdAt`), while the chaincode's
 * public arguments carry only a key into the transient `parties` map (`zPartyKey`), so names
 * and ID numbers never reach block data. Cross-field rules are refinements here, so the gateway
 * refuses what the chaincode would, before anything is submitted.
 */
export const zId = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, `${what} must be 1-64 letters, digits, dot, dash or underscore`)
    .meta({ description: `${what}: 1-64 characters [A-Za-z0-9._-]`, example: 'DZ-2026-000123' });
export const zSha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest (64 characters)')
  .meta({ description: 'SHA-256 digest, lowercase hex', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
/**
 * The signed seal a certificate's QR code carries (api-schemas/document-seal.ts): a COSE_Sign1 in
 * base64url, or, for seals recorded before it, a compact JWS (header.payload.signature, base64url).
 */
export const zDocumentSeal = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?$/, 'must be a COSE_Sign1 in base64url or a compact JWS (three base64url parts)');
/** A holdings proof's number: the office's name, 查询证明, the year and a 7-digit sequence. */
export const zHoldingsProofNumber = z
  .string()
  .regex(/^\S{2,40}查询证明〔\d{4}〕\d{7}号$/, 'must be a holdings proof number such as 达州市不动产登记中心查询证明〔2026〕0000001号')
  .meta({ example: '达州市不动产登记中心查询证明〔2026〕0000001号' });
export const zText = (max: number) => z.string().trim().min(1).max(max).regex(/^\P{Cc}*$/u, 'must not contain control characters');
export const zDistrict = z.string().regex(/^\d{6}$/, 'must be a 6-digit county code (GB/T 2260)').meta({ example: '511702' });
export const zPercent = z
  .string()
  .regex(/^(100(\.0{1,2})?|[1-9]?\d(\.\d{1,2})?)$/, 'must be a percentage between 0 and 100 with up to 2 decimals')
  .meta({ example: '50' });
export const zPartyKey = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a key of the transient parties map');

type ZPartyId = ReturnType<typeof zPartyIdAt>;
export type PartySlot = ZPartyId | typeof zPartyKey;

/**
 * A party of the sale contract the command names (`contractId`), by side and position from 0: a
 * later step of a sale refers to the contract's parties instead of sending their identities again.
 * `kind` is never given, so a full party that fails its own checks is reported as that party's fault.
 */
export const zContractParty = z
  .strictObject({
    kind: z.never().optional(),
    contractParty: z.string().regex(/^(seller|buyer):\d{1,2}$/, 'must be seller:N or buyer:N, N the position in the contract from 0'),
  })
  .meta({ description: "A party of the sale contract named by contractId: 'seller:0' is its first seller", example: { contractParty: 'seller:0' } });
export type ContractPartyRef = z.output<typeof zContractParty>;

export const isContractParty = (slot: unknown): slot is ContractPartyRef =>
  typeof slot === 'object' && slot !== null && 'contractParty' in slot;

/**
 * Applicants may be left out (then every party of the contract applies) or name contract parties
 * only where the command names the contract. `at` is the path of an applicant's party slot.
 */
function refineContractParties(at: (i: number) => Array<string | number>, slotOf: (applicant: unknown) => unknown) {
  return (v: { applicants?: readonly unknown[]; contractId?: string }, ctx: z.RefinementCtx) => {
    if (v.contractId) return;
    if (!v.applicants) {
      ctx.addIssue({ code: 'custom', path: ['applicants'], message: 'required unless contractId names the sale contract whose parties apply', params: { rule: 'REQUIRED' } });
      return;
    }
    v.applicants.forEach((a, i) => {
      if (isContractParty(slotOf(a))) ctx.addIssue({ code: 'custom', path: at(i), message: 'a contract party needs contractId', params: { rule: 'CONTRACT_ID_REQUIRED' } });
    });
  };
}

/** Units one mortgage over several units may cover besides its first: one transaction loads and writes each. */
export const MAX_ADDITIONAL_UNITS = 199;

/**
 * A mortgage over several units (一个抵押权多个不动产单元) names its other units beside `unitNumber`:
 * distinct, none of them the first. Only a mortgage first registration names them; a cancellation
 * or a transfer of the right takes them from the right itself.
 */
function refineAdditionalUnits(typeField: 'type' | 'businessType') {
  return (v: { unitNumber: string; additionalUnits?: readonly string[]; type?: string; businessType?: string }, ctx: z.RefinementCtx) => {
    if (!v.additionalUnits) return;
    if (v[typeField] !== 'MORTGAGE') {
      ctx.addIssue({ code: 'custom', path: ['additionalUnits'], message: 'only a mortgage first registration names several units', params: { rule: 'MORTGAGE_ONLY' } });
      return;
    }
    const seen = new Set([v.unitNumber]);
    v.additionalUnits.forEach((u, i) => {
      if (seen.has(u)) ctx.addIssue({ code: 'custom', path: ['additionalUnits', i], message: `unit ${u} is named twice`, params: { rule: 'DUPLICATE_UNIT' } });
      seen.add(u);
    });
  };
}
const zAdditionalUnits = z
  .array(zUnitNumber)
  .min(1)
  .max(MAX_ADDITIONAL_UNITS)
  .meta({ description: 'A mortgage over several units (一个抵押权多个不动产单元): the units besides unitNumber. One case, one mortgage right and one registration proof for all of them.' });

/** What a one-window application asks for: the business, its unit (or units), the sale contract and who applies. */
const applicationRequestFields = <P extends PartySlot>(party: P) => ({
  businessType: z.enum(APPLIED_FOR_TYPES),
  unitNumber: zUnitNumber,
  additionalUnits: zAdditionalUnits.optional(),
  contractId: zId('contractId').optional(),
  applicants: z
    .array(z.union([party, zContractParty]))
    .min(1)
    .max(20)
    .optional(),
});

/**
 * An application filed online (网上申请), as an applicant's portal or the explorer sends it beside
 * its files; the gateway adds the id, the files' hashes and the channel, and the ledger checks it
 * again as createApplication.
 */
export const apiOnlineApplication = (today: Today) =>
  z
    .strictObject(applicationRequestFields(zPartyIdAt(today)))
    .superRefine(refineContractParties((i) => ['applicants', i], (a) => a))
    .superRefine(refineAdditionalUnits('businessType'));
export type OnlineApplication = z.output<ReturnType<typeof apiOnlineApplication>>;

/** Certificates one numbering transaction numbers at most: it writes a registration and a document for each. */
export const MAX_NUMBERING_BATCH = 200;

const zRegistryOffice = z.strictObject({
  code: zDistrict,
  // Printed inside the certificate number, whose format allows 2 to 20 non-space characters.
  issuerName: z.string().regex(/^\S{2,20}$/u, 'must be 2 to 20 characters without spaces, e.g. 宣汉县'),
  registryName: zText(60),
  districts: z.array(zDistrict).min(1).max(100),
});
const zDocument = z.strictObject({ type: zText(40), sha256: zSha256 });
const zMaterialType = z.enum(Object.keys(MATERIAL_NAMES) as [MaterialType, ...MaterialType[]]);
const zDocuments = z.array(zDocument).max(50);
const zCoOwnership = z.enum(['SOLE', 'JOINT', 'SHARES']);
const zConsent = z.strictObject({ rightId: zId('rightId'), documentHash: zSha256 });
const zAreas = z.strictObject({ building: zArea, inner: zArea, shared: zArea });
/** What a change or correction registration writes in place of the entry: the unit's location, use or areas, and why. */
const zChange = z.strictObject({ location: zText(200).optional(), use: zText(40).optional(), areas: zAreas.optional(), reason: zText(200) });

/** Most registry units one declaration carries (one transaction: all or none). */
export const MAX_REGISTRY_UNITS_PER_DECLARATION = 500;

/** `today` bounds the dates the commands carry (a certificate number's year). */
export const makeCommands = <P extends PartySlot>(party: P, today: Today) => {
  const holder = z.strictObject({ party, share: zPercent.optional() });
  const holders = z.array(holder).min(1).max(20);
  const applicant = z.union([party, zContractParty]);
  const applicantHolders = z.array(z.strictObject({ party: applicant, share: zPercent.optional() })).min(1).max(20);

  return {
    publishProject: z.strictObject({
      projectId: zId('projectId'),
      name: zText(100),
      district: zDistrict,
      developer: party,
      presalePermit: zText(60).optional(),
      buildings: z
        .array(
          z.strictObject({
            buildingId: zId('buildingId'),
            name: zText(60),
            households: z
              .array(
                z.strictObject({
                  houseCode: zHouseCode,
                  floor: z.int().min(-10).max(200),
                  room: zText(20),
                  location: zText(200),
                  use: zText(40),
                  structure: zText(40),
                  areas: zAreas,
                }),
              )
              .min(1)
              .max(2000),
          }),
        )
        .min(1)
        .max(100),
    }),
    linkUnit: z.strictObject({ houseCode: zHouseCode, unitNumber: zUnitNumber }),
    declareRegistryUnits: z
      .strictObject({
        district: zDistrict,
        units: z
          .array(
            z.strictObject({
              unitNumber: zUnitNumber,
              location: zText(200),
              building: zText(20).optional(),
              floor: z.int().min(-10).max(200).optional(),
              room: zText(20).optional(),
              area: zArea,
              source: z.strictObject({ batchId: zId('batchId'), legacyId: zText(60) }).optional(),
            }),
          )
          .min(1)
          .max(MAX_REGISTRY_UNITS_PER_DECLARATION),
      })
      .superRefine((c, ctx) => {
        const seen = new Set<string>();
        c.units.forEach((u, i) => {
          if (!u.unitNumber.startsWith(c.district)) ctx.addIssue({ code: 'custom', path: ['units', i, 'unitNumber'], message: `must start with the district's county code ${c.district}`, params: { rule: 'UNIT_NUMBER_DISTRICT' } });
          if (seen.has(u.unitNumber)) ctx.addIssue({ code: 'custom', path: ['units', i, 'unitNumber'], message: 'each unit at most once', params: { rule: 'UNIT_DUPLICATE' } });
          seen.add(u.unitNumber);
        });
      }),
    unlinkUnit: z.strictObject({ houseCode: zHouseCode, reason: zText(200) }),
    relinkUnit: z.strictObject({ unitNumber: zUnitNumber, houseCode: zHouseCode, reason: zText(200) }),
    signContract: z.strictObject({
      contractId: zId('contractId'),
      kind: z.enum(['COMMODITY', 'STOCK']),
      unitNumber: zUnitNumber,
      sellers: holders,
      buyers: holders,
      buyerCoOwnership: zCoOwnership,
      price: zMoney,
      applicationId: zId('applicationId').optional(),
    }),
    fileContract: z.strictObject({ contractId: zId('contractId') }),
    cancelContract: z.strictObject({ contractId: zId('contractId'), reason: zText(200) }),
    assessTax: z.strictObject({
      taxId: zId('taxId'),
      contractId: zId('contractId'),
      items: z
        .array(
          z
            .strictObject({
              kind: z.enum(['DEED_TAX', 'VAT', 'INDIVIDUAL_INCOME_TAX', 'STAMP_DUTY', 'LAND_VALUE_INCREMENT_TAX']),
              payer: z.enum(['BUYER', 'SELLER']),
              base: zMoney,
              rate: zPercent,
              amount: zMoney,
            })
            .superRefine(refineAcross('amount', checkTaxAmount)),
        )
        .min(1)
        .max(10),
      applicationId: zId('applicationId').optional(),
    }),
    clearTax: z.strictObject({ taxId: zId('taxId'), voucherHash: zSha256 }),
    exemptTax: z.strictObject({ taxId: zId('taxId'), basis: zText(200) }),
    seize: z.strictObject({
      seizureId: zId('seizureId'),
      unitNumber: zUnitNumber,
      caseNumber: zText(60),
      documentHash: zSha256,
      endDate: zIsoDate.optional(),
    }),
    liftSeizure: z.strictObject({ seizureId: zId('seizureId'), unitNumber: zUnitNumber, documentHash: zSha256 }),
    renewSeizure: z.strictObject({ seizureId: zId('seizureId'), unitNumber: zUnitNumber, endDate: zIsoDate, documentHash: zSha256 }),
    recordObjection: z.strictObject({
      objectionId: zId('objectionId'),
      unitNumber: zUnitNumber,
      applicant: party,
      reason: zText(500),
      documentHash: zSha256,
    }),
    fileObjectionLawsuit: z.strictObject({ objectionId: zId('objectionId'), unitNumber: zUnitNumber, documentHash: zSha256 }),
    createApplication: z
      .strictObject({
        applicationId: zId('applicationId'),
        ...applicationRequestFields(party),
        materials: zDocuments,
        channel: zText(40),
        /** Who filed from outside: required when the registry's online intake (role intake) files. */
        filedBy: z
          .strictObject({
            kind: z.enum(['citizen', 'channel']),
            id: zText(300),
            channelType: zText(20).optional(),
            onBehalfOf: zText(300).optional(),
          })
          .optional(),
      })
      .superRefine(refineContractParties((i) => ['applicants', i], (a) => a))
      .superRefine(refineAdditionalUnits('businessType')),
    attachMaterials: z.strictObject({ applicationId: zId('applicationId'), materials: zDocuments.min(1) }),
    withdrawApplication: z.strictObject({ applicationId: zId('applicationId'), reason: zText(200) }),
    applyRegistration: z.strictObject({
      registrationId: zId('registrationId'),
      type: z.enum(APPLIED_FOR_TYPES),
      unitNumber: zUnitNumber,
      additionalUnits: zAdditionalUnits.optional(),
      applicants: applicantHolders.optional(),
      coOwnership: zCoOwnership.optional(),
      contractId: zId('contractId').optional(),
      taxId: zId('taxId').optional(),
      mortgage: z
        .strictObject({
          creditor: party,
          amount: zMoney,
          maximumAmount: z.boolean(),
          noTransfer: z.boolean(),
          termStart: zIsoDate,
          termEnd: zIsoDate,
          scope: zText(200).optional(),
        })
        .superRefine(refineAcross('termEnd', (m: { termStart: string; termEnd: string }) => checkDateRange(m.termStart, m.termEnd)))
        .optional(),
      targetRightId: zId('targetRightId').optional(),
      newCreditor: z.optional(party),
      // 细则 68: the amount of the secured claim, the debt's term, the scope; the rest stays as registered.
      mortgageChange: z
        .strictObject({ amount: zMoney.optional(), termStart: zIsoDate.optional(), termEnd: zIsoDate.optional(), scope: zText(200).optional(), reason: zText(200) })
        .superRefine((c, ctx) => {
          if (c.amount === undefined && c.termStart === undefined && c.termEnd === undefined && c.scope === undefined) {
            ctx.addIssue({ code: 'custom', path: ['amount'], message: 'name at least one term that changes: amount, termStart, termEnd or scope', params: { rule: 'NOTHING_CHANGES' } });
          }
          const range = c.termStart !== undefined && c.termEnd !== undefined ? checkDateRange(c.termStart, c.termEnd) : undefined;
          if (range && !range.ok) ctx.addIssue({ code: 'custom', path: ['termEnd'], message: range.message, params: { rule: range.rule } });
        })
        .optional(),
      change: zChange.optional(),
      // The residence-right holder (居住权人, Civil Code 366–368) is named apart from the applicants.
      residence: z.strictObject({ until: zIsoDate.optional(), holders: z.array(party).min(1).max(20).optional() }).optional(),
      riskUndertakingHash: zSha256.optional(),
      consents: z.array(zConsent).max(10).default([]),
      documents: zDocuments.default([]),
      applicationId: zId('applicationId').optional(),
      channel: zText(40).optional(),
    })
      .superRefine(refineContractParties((i) => ['applicants', i, 'party'], (a) => (a as { party: unknown }).party))
      .superRefine(refineAdditionalUnits('type')),
    /**
     * 依职权更正 (细则 81): the registrar's finding — the recorded registration whose entry is wrong and,
     * in `change`, what it should be (`reason` states the error) — and the hash of the notice sent to the party.
     */
    startRegistryCorrection: z.strictObject({
      registrationId: zId('registrationId'),
      unitNumber: zUnitNumber,
      entryRegistrationId: zId('entryRegistrationId'),
      change: zChange.superRefine((c, ctx) => {
        if (c.location === undefined && c.use === undefined && c.areas === undefined) {
          ctx.addIssue({ code: 'custom', path: ['location'], message: 'name what the entry should be: location, use or areas', params: { rule: 'NOTHING_CHANGES' } });
        }
      }),
      noticeHash: zSha256,
    }),
    /** The announcement (公告, 细则 17) of a registry correction the party did not apply for: its document's hash. */
    announceRegistryCorrection: z.strictObject({ registrationId: zId('registrationId'), announcementHash: zSha256 }),
    registrationStep: z.strictObject({ registrationId: zId('registrationId'), note: zText(500).optional() }),
    requestSupplement: z.strictObject({
      registrationId: zId('registrationId'),
      note: zText(500),
      /** The checklist items the applicant must supply (一次性告知): the case waits for exactly these. */
      missing: z.array(zMaterialType).min(1).max(20).optional(),
    }),
    supplement: z.strictObject({ registrationId: zId('registrationId'), documents: zDocuments.min(1) }),
    review: z.strictObject({ registrationId: zId('registrationId'), decision: z.enum(['APPROVE', 'REFUSE']), note: zText(500).optional() }),
    revokeCertificate: z.strictObject({ certNo: zCertificateNumber(today), reason: zText(200) }),
    recordCertificatePdf: z.strictObject({ certNo: zCertificateNumber(today), sha256: zSha256, seal: zDocumentSeal }),
    /** 有房/无房证明: the units `person` owns in `district` as the register holds them now (none: a no-property proof). */
    issueHoldingsProof: z.strictObject({ district: zDistrict, person: party, units: z.array(zUnitNumber).max(500), validDays: z.int().min(1).max(90) }),
    recordHoldingsProofPdf: z.strictObject({ proofNo: zHoldingsProofNumber, sha256: zSha256, seal: zDocumentSeal }),
    numberCertificates: z.strictObject({ office: zDistrict, registrationIds: z.array(zId('registrationId')).min(1).max(MAX_NUMBERING_BATCH) }),
    configure: z.strictObject({
      provinceAbbr: z.string().refine(isProvinceAbbreviation, 'must be a province abbreviation such as 川'),
      offices: z.array(zRegistryOffice).min(1).max(100).superRefine((offices, ctx) => {
        const result = checkRegistryOffices(offices);
        if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, params: { rule: result.rule } });
      }),
    }),
  };
};

/** Chaincode-side inputs: parties are keys of the transient map; built once, so without a clock (see NO_TODAY). */
export const LedgerCommands = makeCommands(zPartyKey, NO_TODAY);
/** Gateway-side inputs: parties carried in full (split off into transient data before submission), dates bounded by the register clock. */
export const apiCommands = (today: Today) => makeCommands(zPartyIdAt(today), today);

type Commands<P extends PartySlot> = ReturnType<typeof makeCommands<P>>;
export type LedgerInput<K extends keyof Commands<typeof zPartyKey>> = z.output<Commands<typeof zPartyKey>[K]>;
export type ApiInput<K extends keyof Commands<ZPartyId>> = z.output<Commands<ZPartyId>[K]>;
export type CommandName = keyof typeof LedgerCommands;

/** Transient map: party key → identity, birth dates bounded by the transaction's date. */
export const zTransientPartiesAt = (today: Today) => z.record(zPartyKey, zPartyIdAt(today));
export type PartyIdentity = z.output<ZPartyId>;
