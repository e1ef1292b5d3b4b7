import { z } from 'zod';
import { zActor, zAreas, zDecimal, zDocumentRef, zHolder, zInstant, zIsoDate, zItems, zPage, zPartyRef, zPartyShown, zSha256Hex } from './common';
import { zRegistryUnitsDeclared, zUnitUnlinked } from './migration';
import { zLedgerConfig } from './registry-offices';
import { zMigrationMark, zMortgageTerms, zObjection, zSeizure, zUnitRecord } from './register';
import {
  APPLICATION_STATUSES,
  AWAITED_FROM,
  CERTIFICATE_KINDS,
  CERTIFICATE_STATUSES,
  CO_OWNERSHIP,
  CONTRACT_KINDS,
  CONTRACT_STATUSES,
  DEPARTMENTS,
  REGISTRATION_STATUSES,
  REGISTRATION_TYPES,
  RIGHT_TYPES,
  TAX_ITEM_KINDS,
  TAX_PAYERS,
  TAX_STATUSES,
} from './vocabulary';

/** One-window cases: applications, registrations, contracts, tax records, certificates. */

export const zRegistrationStep = z
  .object({ status: z.enum(REGISTRATION_STATUSES), actor: zActor, note: z.string().optional() })
  .meta({ id: 'RegistrationStep' });
export type RegistrationStep = z.infer<typeof zRegistrationStep>;

const zCertificateIssuer = z
  .object({ office: z.string().meta({ description: 'GB/T 2260 code the office is named for' }), name: z.string().meta({ example: '宣汉县不动产登记中心' }) })
  .meta({ id: 'CertificateIssuer', description: 'A registry office issuing certificates for the districts it serves' });

export const zRegistration = z
  .object({
    registrationId: z.string(),
    type: z.enum(REGISTRATION_TYPES),
    unitNumber: z.string(),
    additionalUnits: z.array(z.string()).optional().meta({ description: 'A mortgage over several units (一个抵押权多个不动产单元): the units besides unitNumber' }),
    district: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    suspendedFrom: z.enum(REGISTRATION_STATUSES).optional().meta({ description: 'Status before SUSPENDED, restored on resume' }),
    applicants: z.array(zHolder),
    coOwnership: z.enum(CO_OWNERSHIP).optional(),
    contractId: z.string().optional(),
    taxId: z.string().optional(),
    mortgage: zMortgageTerms.optional(),
    notice: z.object({ contractId: z.string().optional() }).optional(),
    targetRightId: z.string().optional(),
    newCreditor: zPartyShown.optional().meta({ description: 'MORTGAGE_TRANSFER: the assignee of the secured claim, the new mortgagee' }),
    mortgageChange: z
      .object({ amount: zDecimal.optional(), termStart: zIsoDate.optional(), termEnd: zIsoDate.optional(), scope: z.string().optional(), reason: z.string() })
      .optional()
      .meta({ description: 'MORTGAGE_CHANGE: the terms that change (细则 68); those left out stay as registered' }),
    change: z.object({ location: z.string().optional(), use: z.string().optional(), areas: zAreas.optional(), reason: z.string() }).optional(),
    residence: z.object({ until: zIsoDate.optional(), holders: z.array(zPartyShown).optional().meta({ description: 'The residence-right holders (居住权人), named apart from the applicants' }) }).optional(),
    registryCorrection: z
      .object({
        entryRegistrationId: z.string().meta({ description: 'The recorded registration whose entry is wrong' }),
        entryVersion: z.int().meta({ description: 'The register version of that entry: a disposal, advance notice or seizure registered after it bars the correction' }),
        noticeHash: zSha256Hex.meta({ description: 'SHA-256 of the notice to the party (细则 81)' }),
        notifiedAt: zInstant,
        announceFrom: zIsoDate.meta({ description: 'China date 30 working days after the notice: the announcement is refused before' }),
        announcementHash: zSha256Hex.optional().meta({ description: 'SHA-256 of the announcement (公告, 细则 17)' }),
        announcedAt: zInstant.optional(),
        reviewFrom: zIsoDate.optional().meta({ description: 'China date 15 working days after the announcement: approval is refused before' }),
      })
      .optional()
      .meta({ description: "REGISTRY_CORRECTION (依职权更正, 细则 81): the registry's finding, notice and announcement; `change` says what the entry should be" }),
    riskUndertakingHash: zSha256Hex.optional(),
    consents: z.array(z.object({ rightId: z.string(), documentHash: zSha256Hex })).meta({ description: 'Consents of right holders (advance notice, mortgage with a no-transfer clause)' }),
    documents: z.array(zDocumentRef),
    awaitedMaterials: z.array(z.string()).optional().meta({ description: 'The material types the registry asked the applicant to supply (补正); cleared when supplied' }),
    applicationId: z.string().optional(),
    channel: z.string().optional(),
    steps: z.array(zRegistrationStep),
    appliedAt: zInstant,
    recordedAt: zInstant.optional(),
    registerVersion: z.int().optional(),
    rightId: z.string().optional(),
    certNo: z.string().optional(),
    certHash: zSha256Hex.optional().meta({ description: 'SHA-256 of the e-certificate document: what /verify checks' }),
    certContentHash: zSha256Hex.optional().meta({ description: 'Fingerprint of what the prepared certificate states about its right, fixed at 缮证 with certHash' }),
    certIssuer: zCertificateIssuer.optional().meta({ description: "The office that numbers and issues the certificate: the one serving the unit's district at 缮证" }),
  })
  .meta({ id: 'Registration', description: 'A registration case' });
export type Registration = z.infer<typeof zRegistration>;

export const zRegistrationListItem = z
  .object({
    registrationId: z.string(),
    type: z.enum(REGISTRATION_TYPES),
    unitNumber: z.string(),
    district: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    appliedAt: zInstant,
    applicationId: z.string().nullable(),
  })
  .meta({ id: 'RegistrationListItem' });
export type RegistrationListItem = z.infer<typeof zRegistrationListItem>;
export const zRegistrationPage = zPage(zRegistrationListItem, 'RegistrationPage');

export const zApplication = z
  .object({
    applicationId: z.string(),
    businessType: z.enum(REGISTRATION_TYPES),
    unitNumber: z.string(),
    additionalUnits: z.array(z.string()).optional().meta({ description: 'A mortgage over several units (一个抵押权多个不动产单元): the units besides unitNumber' }),
    district: z.string(),
    channel: z.string(),
    applicants: z.array(zPartyShown),
    materials: z.array(zDocumentRef),
    contractId: z.string().optional(),
    taxId: z.string().optional(),
    registrationIds: z.array(z.string()),
    status: z.enum(APPLICATION_STATUSES),
    createdBy: zActor,
    filedBy: z
      .object({
        kind: z.enum(['citizen', 'channel']),
        id: z.string().meta({ description: "`citizen:` + the identity platform's subject, or the channel account id" }),
        channelType: z.string().optional(),
        onBehalfOf: z.string().optional().meta({ description: 'The citizen a portal filed for' }),
      })
      .optional()
      .meta({ description: 'The applicant an online filing came from; the registry\'s intake identity signed it' }),
    withdrawnAt: zInstant.optional(),
  })
  .meta({ id: 'Application', description: 'A one-window application (一窗受理)' });
export type Application = z.infer<typeof zApplication>;

export const zApplicationListItem = z
  .object({
    applicationId: z.string(),
    businessType: z.enum(REGISTRATION_TYPES),
    unitNumber: z.string(),
    district: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    channel: z.string(),
    createdAt: zInstant,
  })
  .meta({ id: 'ApplicationListItem' });
export type ApplicationListItem = z.infer<typeof zApplicationListItem>;
export const zApplicationPage = zPage(zApplicationListItem, 'ApplicationPage');

export const zApplicationProgress = z
  .object({
    applicationId: z.string(),
    businessType: z.enum(REGISTRATION_TYPES),
    unitNumber: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    departments: z.object({
      housing: z.array(z.object({ contractId: z.string(), status: z.enum(CONTRACT_STATUSES), filedAt: zInstant.nullable() })),
      tax: z.array(z.object({ taxId: z.string(), status: z.enum(TAX_STATUSES) })),
      registry: z.array(
        z.object({
          registrationId: z.string(),
          type: z.enum(REGISTRATION_TYPES),
          status: z.enum(REGISTRATION_STATUSES),
          appliedAt: zInstant,
          completedAt: zInstant.nullable(),
          limitWorkingDays: z.int().meta({ description: 'Statutory time limit in working days' }),
          acceptedAt: zInstant.nullable(),
          dueDate: zIsoDate.nullable().meta({ description: 'Last day of the time limit if the case keeps moving (China date, working days left counted from today); null before acceptance, once recorded, and while the limit stops (waiting for a supplement, suspended)' }),
          workingDays: z.int().nullable().meta({ description: 'Working days taken, once completed' }),
          withinLimit: z.boolean().nullable(),
          awaitedMaterials: z.array(z.string()).meta({ description: 'Material types the registry asked for (补正), until supplied' }),
        }),
      ),
    }),
    awaiting: z
      .array(
        z.object({
          department: z.enum(DEPARTMENTS),
          from: z.enum(AWAITED_FROM),
          what: z.string().meta({ description: 'The step awaited, in Chinese, e.g. 缴纳税款 or 补正材料：完税凭证' }),
          materials: z.array(z.string()).optional().meta({ description: 'Material types to supply, when the applicant is asked for them' }),
        }),
      )
      .meta({ description: 'What the case waits for now, and from whom; empty once it is completed or withdrawn' }),
  })
  .meta({ id: 'ApplicationProgress', description: '办件进度: where a one-window case stands in each department' });
export type ApplicationProgress = z.infer<typeof zApplicationProgress>;

export const zSaleContract = z
  .object({
    contractId: z.string(),
    kind: z.enum(CONTRACT_KINDS),
    unitNumber: z.string(),
    houseCode: z.string(),
    district: z.string(),
    sellers: z.array(zHolder),
    buyers: z.array(zHolder),
    buyerCoOwnership: z.enum(CO_OWNERSHIP),
    price: zDecimal,
    status: z.enum(CONTRACT_STATUSES),
    signedAt: zInstant,
    filedAt: zInstant.optional(),
    endedAt: zInstant.optional(),
    cancelReason: z.string().optional(),
    consumedBy: z.string().optional().meta({ description: 'The registration that consumed the contract' }),
    applicationId: z.string().optional(),
    history: z.array(z.object({ status: z.enum(CONTRACT_STATUSES), actor: zActor })),
  })
  .meta({ id: 'SaleContract', description: 'A sale contract (网签/备案)' });
export type SaleContract = z.infer<typeof zSaleContract>;
export const zSaleContractList = zItems(zSaleContract, 'SaleContractList');

export const zTaxRecord = z
  .object({
    taxId: z.string(),
    contractId: z.string(),
    unitNumber: z.string(),
    district: z.string(),
    items: z.array(z.object({ kind: z.enum(TAX_ITEM_KINDS), payer: z.enum(TAX_PAYERS), base: zDecimal, rate: zDecimal.meta({ description: 'Percent' }), amount: zDecimal })),
    total: zDecimal,
    status: z.enum(TAX_STATUSES),
    voucherHash: zSha256Hex.optional(),
    exemptionBasis: z.string().optional(),
    consumedBy: z.string().optional(),
    assessedBy: zActor,
    clearedBy: zActor.optional(),
    applicationId: z.string().optional(),
  })
  .meta({ id: 'TaxRecord', description: 'A tax assessment and its clearance (完税) or exemption' });
export type TaxRecord = z.infer<typeof zTaxRecord>;

/** A document's PDF as recorded on the ledger when it was first rendered; every later rendering is the same bytes. */
const zRecordedPdf = z
  .object({
    sha256: zSha256Hex.meta({ description: "SHA-256 of the PDF: /verify answers for it as for docHash" }),
    seal: z.string().meta({ description: 'The compact ES256 JWS its QR code carries, signed by the issuing registry office (keys at /.well-known/jwks.json)' }),
    recordedAt: zInstant,
  })
  .meta({ id: 'RecordedPdf', description: 'The PDF recorded when it was first rendered (GET …/pdf)' });

export const zCertificate = z
  .object({
    certNo: z.string(),
    kind: z.enum(CERTIFICATE_KINDS).meta({ description: 'TITLE: 不动产权证书; PROOF: 不动产登记证明' }),
    unitNumber: z.string(),
    district: z.string(),
    rightId: z.string(),
    rightType: z.enum(RIGHT_TYPES),
    registrationId: z.string(),
    registerVersion: z.int().meta({ description: 'The register version the certificate was issued at' }),
    docHash: zSha256Hex,
    contentHash: zSha256Hex.optional().meta({ description: 'SHA-256 of what the certificate states about its own right; /verify compares it with the register now. Absent on certificates issued before it existed' }),
    status: z.enum(CERTIFICATE_STATUSES),
    statusReason: z.string().optional(),
    statusAt: zInstant.optional(),
    supersededBy: z.string().optional(),
    supersedes: z.string().optional(),
    issuedAt: zInstant,
    issuedTxId: z.string(),
    pdf: zRecordedPdf.optional(),
    migrated: zMigrationMark.extend({ hashKept: z.boolean().meta({ description: "Whether docHash is the legacy system's file hash (else a fingerprint of the migration record: verify by number and unit)" }) })
      .optional()
      .meta({ description: 'A certificate issued by the legacy system, brought in with its own number' }),
    issuer: zCertificateIssuer.optional().meta({ description: 'The registry office that issued it; absent on certificates from before offices were configured' }),
  })
  .meta({ id: 'Certificate', description: 'An e-certificate and its status' });
export type Certificate = z.infer<typeof zCertificate>;
export const zCertificateList = zItems(zCertificate, 'CertificateList');

export const zHoldingsProof = z
  .object({
    proofNo: z.string().meta({ example: '达州市不动产登记中心查询证明〔2026〕0000001号' }),
    district: z.string(),
    subject: z.string().meta({ description: "The person's party reference" }),
    units: z.array(z.string()).meta({ description: 'Units the person owned in the district as of issuedAt; [] is a no-property proof (无房证明)' }),
    docHash: zSha256Hex,
    issuedAt: zInstant,
    validUntil: zInstant,
    issuedTxId: z.string(),
    pdf: zRecordedPdf.optional(),
  })
  .meta({ id: 'HoldingsProof', description: '有房/无房证明: the units a person owned in a district as of its issue, or none' });
export type HoldingsProof = z.infer<typeof zHoldingsProof>;


const zNamedParty = z.object({ name: z.string(), idKind: z.enum(['RESIDENT_ID', 'CREDIT_CODE']), idNumber: z.string() });
const zNamedHolder = zNamedParty.extend({ share: zDecimal.nullable() });
const zDocumentBase = {
  certNo: z.string(),
  kind: z.enum(CERTIFICATE_KINDS),
  issuer: z.string(),
  rightType: z.enum(RIGHT_TYPES),
  unitNumber: z.string(),
  location: z.string(),
  registrationId: z.string(),
  registerVersion: z.int(),
  recordedAt: zInstant,
  preparedAt: zInstant,
};

/** The terms a certificate states of a mortgage, a notice or a residence right: the same in every document version. */
const zRightTerms = {
  amount: zDecimal.optional(),
  maximumAmount: z.boolean().optional(),
  noTransfer: z.boolean().optional(),
  termStart: zIsoDate.optional(),
  termEnd: zIsoDate.optional(),
  scope: z.string().optional(),
  rank: z.int().optional(),
  units: z.array(z.string()).optional().meta({ description: 'A mortgage over several units: every 不动产单元号 the one proof covers' }),
  contractId: z.string().optional(),
  until: zIsoDate.optional(),
};

/** What a certificate states about its right, parties by name and ID number (certificate-content.ts in the chaincode). */
export const zCertificateDocumentV2 = z
  .object({
    schema: z.literal('estate-ledger/certificate/v2'),
    ...zDocumentBase,
    use: z.string().optional(),
    structure: z.string().optional(),
    areas: zAreas.optional(),
    right: z
      .object({
        holders: z.array(zNamedHolder).optional(),
        coOwnership: z.enum(CO_OWNERSHIP).optional(),
        creditor: zNamedParty.optional(),
        mortgagors: z.array(zNamedParty).optional(),
        ...zRightTerms,
      })
      .meta({ description: 'What the certificate states about its right, by rightType: OWNERSHIP holders, coOwnership; MORTGAGE creditor, mortgagors, amount … rank; NOTICE holders, contractId; RESIDENCE holders, until' }),
  })
  .meta({ id: 'CertificateDocumentV2' });

/** Documents prepared before certificates stated their content field by field. */
export const zCertificateDocumentV1 = z
  .object({
    schema: z.literal('estate-ledger/certificate/v1'),
    ...zDocumentBase,
    use: z.string(),
    structure: z.string(),
    areas: zAreas,
    holders: z.array(zNamedHolder),
    right: z
      .object({
        coOwnership: z.enum(CO_OWNERSHIP).optional(),
        mortgagors: z.array(zPartyRef).optional(),
        ...zRightTerms,
      })
      .meta({ description: 'Particulars of the right, by rightType' }),
  })
  .meta({ id: 'CertificateDocumentV1' });

/** The holdings proof's document (name and ID number in full): the canonical JSON whose SHA-256 is docHash. */
export const zHoldingsProofDocument = z
  .object({
    schema: z.literal('estate-ledger/holdings-proof/v1'),
    proofNo: z.string(),
    issuer: z.string(),
    person: zNamedParty,
    district: z.string(),
    asOf: zInstant,
    validUntil: zInstant,
    holdings: z.array(
      z.object({ unitNumber: z.string(), location: z.string(), use: z.string().optional(), areas: zAreas.optional(), coOwnership: z.enum(CO_OWNERSHIP).optional(), share: zDecimal.nullable() }),
    ),
  })
  .meta({ id: 'HoldingsProofDocument' });
export type HoldingsProofDocument = z.infer<typeof zHoldingsProofDocument>;

/** The e-certificate document: the exact canonical-JSON bytes whose SHA-256 /verify checks. */
export const zCertificateDocument = z
  .discriminatedUnion('schema', [zCertificateDocumentV2, zCertificateDocumentV1])
  .meta({ id: 'CertificateDocument', description: 'The e-certificate document (names in full), served as the exact canonical-JSON bytes whose SHA-256 /verify checks' });
export type CertificateDocument = z.infer<typeof zCertificateDocument>;

export const zProject = z
  .object({
    projectId: z.string(),
    name: z.string(),
    developer: zPartyShown,
    district: z.string(),
    presalePermit: z.string().optional(),
    buildings: z.array(z.object({ buildingId: z.string(), name: z.string(), floors: z.int(), households: z.int() })),
    publishedBy: zActor,
  })
  .meta({ id: 'Project', description: 'A published project building table (楼盘表)' });
export type Project = z.infer<typeof zProject>;

export const zSeizureLifted = z
  .object({ lifted: z.string(), promoted: z.string().nullable().meta({ description: 'The queued seizure that became active, if any' }), documentHash: zSha256Hex })
  .meta({ id: 'SeizureLifted' });
export type SeizureLifted = z.infer<typeof zSeizureLifted>;

export const zObjectionRecorded = z
  .object({ objectionId: z.string(), reasonFingerprint: z.string(), registerVersion: z.int() })
  .meta({ id: 'ObjectionRecorded' });
export type ObjectionRecorded = z.infer<typeof zObjectionRecorded>;

/** What a command returns: the transaction and the ledger record it wrote. */
const submission = <T extends z.ZodType>(record: T, id: string, what: string) =>
  z
    .object({
      txId: z.string(),
      blockNumber: z.int(),
      record: record.nullable().meta({ description: `${what}, as the ledger stored it (parties as references)` }),
      projected: z.boolean().meta({ description: 'The read model already shows this transaction' }),
    })
    .meta({ id, description: 'Committed to the ledger' });

/** The response of each kind of command, by the record its contract function returns. */
export const SUBMISSIONS = {
  project: submission(zProject, 'ProjectSubmission', 'The published project'),
  unit: submission(zUnitRecord, 'UnitSubmission', 'The linked unit'),
  contract: submission(zSaleContract, 'SaleContractSubmission', 'The contract'),
  tax: submission(zTaxRecord, 'TaxRecordSubmission', 'The tax record'),
  seizure: submission(zSeizure, 'SeizureSubmission', 'The seizure'),
  seizureLifted: submission(zSeizureLifted, 'SeizureLiftedSubmission', 'The lifted seizure and the one promoted'),
  objectionRecorded: submission(zObjectionRecorded, 'ObjectionRecordedSubmission', 'The recorded objection'),
  objection: submission(zObjection, 'ObjectionSubmission', 'The objection'),
  application: submission(zApplication, 'ApplicationSubmission', 'The application'),
  registration: submission(zRegistration, 'RegistrationSubmission', 'The registration case'),
  certificate: submission(zCertificate, 'CertificateSubmission', 'The certificate'),
  unitUnlinked: submission(zUnitUnlinked, 'UnitUnlinkedSubmission', 'The removed link'),
  registryUnitsDeclared: submission(zRegistryUnitsDeclared, 'RegistryUnitsDeclaredSubmission', 'How many registry units were declared'),
  ledgerConfig: submission(zLedgerConfig, 'LedgerConfigSubmission', 'The configuration'),
} as const;
export type SubmissionKind = keyof typeof SUBMISSIONS;
export type Submission<K extends SubmissionKind = SubmissionKind> = z.infer<(typeof SUBMISSIONS)[K]>;
