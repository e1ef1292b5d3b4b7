import type { StatedContent } from './certificate-content';
import type { MigrationMark } from './migration';
import type { RegistryOffice } from './registry-offices';
import type { CertificateKind } from './validators';

/**
 * Ledger records. Every record is stored as canonical JSON under a composite key (see keys.ts).
 * Parties appear only as `PartyRef`: a keyed hash; names and ID numbers live in the private
 * data collection.
 */

/** HMAC-SHA256 (consortium secret) of the party's kind and ID number, hex. */
export type PartyRef = string;
/** ISO-8601 UTC instant taken from the transaction timestamp. */
export type Instant = string;

export interface Actor {
  msp: string;
  role: string;
  /** X.509 subject of the acting certificate (staff id, never a citizen). */
  id: string;
  txId: string;
  at: Instant;
}

export interface LedgerConfig {
  /** One-character province abbreviation printed on certificate numbers, e.g. 川. */
  provinceAbbr: string;
  /** The registry offices, each issuing for the districts it serves (registry-offices.ts). */
  offices: RegistryOffice[];
  configuredBy: Actor;
}

export interface Household {
  houseCode: string;
  projectId: string;
  buildingId: string;
  district: string;
  location: string;
  floor: number;
  room: string;
  use: string;
  structure: string;
  areas: Areas;
  unitNumber?: string;
  publishedBy: Actor;
  linkedBy?: Actor;
  /** Links corrected after the fact (挂接纠错), each with its reason. */
  linkChanges?: Array<{ change: 'UNLINKED' | 'RELINKED_AWAY' | 'RELINKED_HERE'; unitNumber: string; reason: string; actor: Actor }>;
}

/**
 * A unit of the registry's register (不动产单元) as the registry describes it, declared on the
 * ledger so the linker can match it to a household of a building table. It becomes a Unit only
 * when linked; until then it is a description, with no register of its own.
 */
export interface RegistryUnit {
  unitNumber: string;
  district: string;
  location: string;
  /** 幢号 as the register writes it. */
  building?: string;
  floor?: number;
  room?: string;
  /** 建筑面积, m². */
  area: string;
  /** Where the description came from: a legacy batch and the unit's id in it. */
  source?: { batchId: string; legacyId: string };
  declaredBy: Actor;
}

export interface Areas {
  /** 建筑面积, m² as decimal string. */
  building: string;
  /** 套内面积. */
  inner: string;
  /** 分摊面积. */
  shared: string;
}

export interface Project {
  projectId: string;
  name: string;
  developer: PartyRef;
  district: string;
  presalePermit?: string;
  buildings: Array<{ buildingId: string; name: string; floors: number; households: number }>;
  publishedBy: Actor;
}

export type CoOwnership = 'SOLE' | 'JOINT' | 'SHARES';

export interface Holder {
  party: PartyRef;
  /** Share in percent, decimal string; only for SHARES. */
  share?: string;
}

export interface Ownership {
  rightId: string;
  holders: Holder[];
  coOwnership: CoOwnership;
  registrationId: string;
  recordedAt: Instant;
  certNo?: string;
  /** Ownership right this one succeeded (上手), for the title chain. */
  predecessor?: string;
  /** Brought in from the legacy register by a migration (its batch, legacy id and legacy date). */
  migrated?: MigrationMark;
}

export interface Mortgage extends MortgageTerms {
  rightId: string;
  mortgagors: PartyRef[];
  rank: number;
  /**
   * Every unit one mortgage right covers (一个抵押权多个不动产单元), the same list on each of
   * them; absent when it covers only this unit.
   */
  units?: string[];
  registrationId: string;
  recordedAt: Instant;
  certNo?: string;
  /** Brought in from the legacy register by a migration (its batch, legacy id and legacy date). */
  migrated?: MigrationMark;
}

/** A change of a registered mortgage's terms: amount, debt term or scope of the secured claim. */
export interface MortgageChange {
  amount?: string;
  termStart?: string;
  termEnd?: string;
  scope?: string;
  reason: string;
}

/** The terms a mortgage is registered with. */
export interface MortgageTerms {
  creditor: PartyRef;
  amount: string;
  maximumAmount: boolean;
  /** Registered agreement that the unit may not be transferred without the mortgagee (担保制度解释 43). */
  noTransfer: boolean;
  termStart: string;
  termEnd: string;
  /** 担保范围: the secured claim's scope as the parties agreed it, when they registered one (细则 68). */
  scope?: string;
}

export interface AdvanceNotice {
  rightId: string;
  /** The notice's 权利人: the buyers of a purchase notice, the mortgagee of a mortgage notice. */
  holders: PartyRef[];
  contractId?: string;
  /**
   * 预购商品房抵押权预告登记 (预抵押, 细则 78 and 85 (三)): the buyers (`mortgagors`) mortgage the home
   * they bought under the purchase notice `basedOn` (002 §5.2.4.2 "预抵需要建立与预告的关系") to the
   * holder, on `terms`. Absent on a purchase notice.
   */
  mortgage?: { basedOn: string; mortgagors: PartyRef[]; terms: MortgageTerms };
  registrationId: string;
  recordedAt: Instant;
  /** When the final registration became possible; the notice lapses 90 days later. */
  possibleFrom?: Instant;
  certNo?: string;
  /** Brought in from the legacy register by a migration (its batch, legacy id and legacy date). */
  migrated?: MigrationMark;
}

export interface Objection {
  rightId: string;
  applicant: PartyRef;
  reason: string;
  recordedAt: Instant;
  lawsuitFiled: boolean;
  lawsuitDocHash?: string;
  recordedBy: Actor;
  /** Brought in from the legacy register by a migration (its batch, legacy id and legacy date). */
  migrated?: MigrationMark;
}

export interface ResidenceRight {
  rightId: string;
  holders: PartyRef[];
  registrationId: string;
  recordedAt: Instant;
  until?: string;
  /** The 不动产登记证明 of a migrated residence right, which keeps its legacy number. */
  certNo?: string;
  /** Brought in from the legacy register by a migration (its batch, legacy id and legacy date). */
  migrated?: MigrationMark;
}

export type SeizureKind = 'SEIZURE' | 'PRE_SEIZURE';

export interface Seizure {
  seizureId: string;
  court: string;
  caseNumber: string;
  documentHash: string;
  kind: SeizureKind;
  status: 'ACTIVE' | 'QUEUED';
  /** Service time of the court's notice; it fixes the queue order. */
  servedAt: Instant;
  activeFrom?: Instant;
  /** Last instant of the seizure term (YYYY-MM-DD, inclusive). */
  endDate?: string;
  renewals: Array<{ endDate: string; at: Instant; documentHash: string }>;
  /** Brought in from the legacy register by a migration (its batch, legacy id and legacy date). */
  migrated?: MigrationMark;
}

export interface EndedRestriction {
  kind: 'SEIZURE' | 'OBJECTION' | 'NOTICE' | 'MORTGAGE' | 'RESIDENCE';
  id: string;
  reason: 'LIFTED' | 'EXPIRED' | 'LAPSED' | 'CANCELLED' | 'CONVERTED' | 'WITHDRAWN';
  at: Instant;
  txId: string;
}

/** A lapsed objection is remembered so the same applicant cannot re-file the same reason. */
export interface LapsedObjection {
  applicant: PartyRef;
  reasonHash: string;
  lapsedAt: Instant;
}

export interface ActiveContractRef {
  contractId: string;
  buyers: PartyRef[];
  sellers: PartyRef[];
}

export interface Unit {
  unitNumber: string;
  houseCode: string;
  projectId: string;
  district: string;
  location: string;
  use: string;
  structure: string;
  areas: Areas;
  floor: number;
  building: string;
  room: string;
  /** Increases on every change of the unit's rights or restrictions. */
  registerVersion: number;
  firstRegisteredAt?: Instant;
  ownership?: Ownership;
  mortgages: Mortgage[];
  notices: AdvanceNotice[];
  objections: Objection[];
  residence: ResidenceRight[];
  seizures: Seizure[];
  lapsedObjections: LapsedObjection[];
  /** The filed sale contract on this unit (one at a time: anti 一房多卖). */
  filedContract?: ActiveContractRef;
  /** The registration case currently holding the unit (serialise per unit). */
  caseInFlight?: { registrationId: string; type: RegistrationType };
  /**
   * A correction the registry started on its own authority (依职权更正), open on this unit. It holds
   * no lock before review, so the holder may correct the entry first, which closes it.
   */
  registryCorrection?: string;
  linkedBy: Actor;
  /** The migration that brought the unit's current state in from the legacy register. */
  migration?: { batchId: string; legacyId: string; txId: string; at: Instant };
}

/** One line of a unit's register book (登记簿): what changed at a register version. */
export interface BookEntry {
  unitNumber: string;
  registerVersion: number;
  txId: string;
  /** A registration type, a court act (SEIZURE, SEIZURE_QUEUED, …), OBJECTION, MIGRATED or a lapse (NOTICE_LAPSED, …). */
  kind: string;
  ref: string;
  at: Instant;
  registrationId?: string;
}

export type ContractKind = 'COMMODITY' | 'STOCK';
export type ContractStatus = 'SIGNED' | 'FILED' | 'CANCELLED' | 'CONSUMED';

export interface SaleContract {
  contractId: string;
  kind: ContractKind;
  unitNumber: string;
  houseCode: string;
  district: string;
  sellers: Holder[];
  buyers: Holder[];
  buyerCoOwnership: CoOwnership;
  price: string;
  status: ContractStatus;
  signedAt: Instant;
  filedAt?: Instant;
  endedAt?: Instant;
  cancelReason?: string;
  consumedBy?: string;
  applicationId?: string;
  history: Array<{ status: ContractStatus; actor: Actor }>;
}

export type TaxItemKind = 'DEED_TAX' | 'VAT' | 'INDIVIDUAL_INCOME_TAX' | 'STAMP_DUTY' | 'LAND_VALUE_INCREMENT_TAX';

export interface TaxRecord {
  taxId: string;
  contractId: string;
  unitNumber: string;
  district: string;
  items: Array<{ kind: TaxItemKind; payer: 'BUYER' | 'SELLER'; base: string; rate: string; amount: string }>;
  total: string;
  status: 'ASSESSED' | 'CLEARED' | 'EXEMPT';
  voucherHash?: string;
  exemptionBasis?: string;
  consumedBy?: string;
  assessedBy: Actor;
  clearedBy?: Actor;
  applicationId?: string;
}

export const REGISTRATION_TYPES = [
  'FIRST',
  'TRANSFER',
  'CHANGE',
  'CORRECTION',
  'CANCELLATION',
  'MORTGAGE',
  'MORTGAGE_CANCELLATION',
  'NOTICE',
  'RESIDENCE',
  'NOTICE_CANCELLATION',
  'OBJECTION_CANCELLATION',
  'MORTGAGE_TRANSFER',
  'MORTGAGE_CHANGE',
  'MORTGAGE_NOTICE',
  'REGISTRY_CORRECTION',
] as const;
export type RegistrationType = (typeof REGISTRATION_TYPES)[number];

/** The registry starts a correction on its own authority (依职权更正, 细则 81); nobody applies for one. */
export const APPLIED_FOR_TYPES = REGISTRATION_TYPES.filter((t): t is Exclude<RegistrationType, 'REGISTRY_CORRECTION'> => t !== 'REGISTRY_CORRECTION');

export const REGISTRATION_STATUSES = [
  'APPLIED',
  'ACCEPTED',
  'NOT_ACCEPTED',
  'NEEDS_SUPPLEMENT',
  'REVIEWED',
  'REFUSED',
  'RECORDED',
  'CERTIFIED',
  'ISSUED',
  'WITHDRAWN',
  'SUSPENDED',
  'NOTIFIED',
  'ANNOUNCED',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * The registry's own correction (依职权更正, 细则 81): the entry it found wrong, its notice to the
 * party, and its announcement (细则 17), with the first China dates each next step is allowed on.
 */
export interface RegistryCorrection {
  /** The recorded registration whose entry is wrong. */
  entryRegistrationId: string;
  /** The register version that entry was recorded at: what was registered after it bars the correction. */
  entryVersion: number;
  noticeHash: string;
  notifiedAt: Instant;
  /** 30 working days after the notice: the announcement is refused before. */
  announceFrom: string;
  announcementHash?: string;
  announcedAt?: Instant;
  /** 15 working days after the announcement: approval at review is refused before. */
  reviewFrom?: string;
}

export interface DocumentRef {
  type: string;
  sha256: string;
}

export interface Consent {
  /** The right whose holder consents (advance notice, mortgage with no-transfer clause). */
  rightId: string;
  documentHash: string;
}

export interface Registration {
  registrationId: string;
  type: RegistrationType;
  unitNumber: string;
  /**
   * The other units of one mortgage over several units (一个抵押权多个不动产单元): one case, one
   * right, one proof. A cancellation or transfer of such a mortgage carries them from the right.
   */
  additionalUnits?: string[];
  district: string;
  status: RegistrationStatus;
  /** Status before SUSPENDED, restored on resume. */
  suspendedFrom?: RegistrationStatus;
  applicants: Holder[];
  coOwnership?: CoOwnership;
  contractId?: string;
  taxId?: string;
  mortgage?: MortgageTerms;
  notice?: { contractId?: string };
  targetRightId?: string;
  /** MORTGAGE_TRANSFER: the assignee of the secured claim, who becomes the mortgagee (Civil Code 407). */
  newCreditor?: PartyRef;
  /** MORTGAGE_CHANGE: the terms that change (细则 68); those left out stay as registered. */
  mortgageChange?: MortgageChange;
  change?: { location?: string; use?: string; areas?: Areas; reason: string };
  /** `holders`: the residence-right holders (居住权人), who need not be among the applicants. */
  residence?: { until?: string; holders?: PartyRef[] };
  /** REGISTRY_CORRECTION: what the correction rests on; `change` says what the entry should be. */
  registryCorrection?: RegistryCorrection;
  riskUndertakingHash?: string;
  consents: Consent[];
  documents: DocumentRef[];
  /** The material types a request for supplement named; cleared when they are supplied. */
  awaitedMaterials?: string[];
  applicationId?: string;
  channel?: string;
  steps: Array<{ status: RegistrationStatus; actor: Actor; note?: string }>;
  appliedAt: Instant;
  recordedAt?: Instant;
  registerVersion?: number;
  rightId?: string;
  certNo?: string;
  certHash?: string;
  /** Fingerprint of what the prepared certificate states about its right (certificate-content.ts), fixed at 缮证 with certHash. */
  certContentHash?: string;
  /** The office that numbers and issues the certificate: the one serving the unit's district at 缮证. */
  certIssuer?: CertificateIssuer;
}

/**
 * A certification (缮证) waiting in its office's numbering queue: what the certificate will state,
 * fixed when it was certified; the number and the document come in the office's next numbering batch.
 */
export interface PendingCertificate {
  registrationId: string;
  kind: CertificateKind;
  content: StatedContent;
  certifiedAt: Instant;
}

/** Who issued a certificate: the registry office's code and the name printed on it. */
export interface CertificateIssuer {
  office: string;
  name: string;
}

export type CertificateStatus = 'VALID' | 'SUPERSEDED' | 'CANCELLED' | 'REVOKED';

export interface Certificate {
  certNo: string;
  kind: CertificateKind;
  unitNumber: string;
  district: string;
  rightId: string;
  rightType: 'OWNERSHIP' | 'MORTGAGE' | 'NOTICE' | 'RESIDENCE';
  registrationId: string;
  registerVersion: number;
  docHash: string;
  /**
   * SHA-256 of what the certificate states about its own right (certificate-content.ts): the
   * verifier compares it with the register's current content. Absent on certificates issued
   * before it existed.
   */
  contentHash?: string;
  status: CertificateStatus;
  statusReason?: string;
  statusAt?: Instant;
  supersededBy?: string;
  supersedes?: string;
  issuedAt: Instant;
  issuedTxId: string;
  /** A certificate the legacy system issued, brought in with its own number; `hashKept` when its file hash came from the legacy system. */
  migrated?: MigrationMark & { hashKept: boolean };
  /** Absent on certificates issued before offices were configured (one issuer per ledger). */
  issuer?: CertificateIssuer;
  /**
   * The certificate's PDF, recorded when it is first rendered: its SHA-256 (the public verifies
   * the file a person holds by it, as by docHash) and the signed QR seal it carries, so that every
   * later rendering is the same bytes.
   */
  pdf?: CertificatePdf;
}

export interface CertificatePdf {
  sha256: string;
  /** The compact ES256 JWS printed as the QR code (no ID numbers). */
  seal: string;
  recordedAt: Instant;
}

/**
 * 有房/无房证明: what a person owned in a district as of its issue, as the register held it. The
 * document (with the person's name and ID number) is in the private collection; here only its
 * hash, the person's reference and the count of units.
 */
export interface HoldingsProof {
  proofNo: string;
  district: string;
  subject: PartyRef;
  /** Units owned as of issuedAt: 0 is a no-property proof. */
  units: string[];
  docHash: string;
  issuedAt: Instant;
  validUntil: Instant;
  issuedTxId: string;
  pdf?: CertificatePdf;
}

/**
 * An applicant outside the agencies, as the ledger records it: pseudonymous ids only (the
 * identity platform's subject, the channel account id); names and ID numbers stay in the parties.
 */
export interface ApplicantRef {
  kind: 'citizen' | 'channel';
  /** `citizen:<identity platform subject>` or the channel account id. */
  id: string;
  channelType?: string;
  /** The citizen a portal filed for. */
  onBehalfOf?: string;
}

export interface Application {
  applicationId: string;
  businessType: RegistrationType;
  unitNumber: string;
  /** A mortgage over several units: the units besides `unitNumber`. */
  additionalUnits?: string[];
  district: string;
  channel: string;
  applicants: PartyRef[];
  materials: DocumentRef[];
  contractId?: string;
  taxId?: string;
  registrationIds: string[];
  status: 'OPEN' | 'WITHDRAWN' | 'COMPLETED';
  createdBy: Actor;
  /** The applicant an online filing came from (the registry's intake identity signs it). */
  filedBy?: ApplicantRef;
  withdrawnAt?: Instant;
}

/** Public-safe restriction flags of a unit (no parties). */
export interface UnitFlags {
  registered: boolean;
  seized: boolean;
  seizureQueued: boolean;
  mortgaged: boolean;
  advanceNotice: boolean;
  objection: boolean;
  residenceRight: boolean;
  contractFiled: boolean;
  caseInFlight: boolean;
}

export interface PartyRecord {
  ref: PartyRef;
  kind: 'PERSON' | 'ORG';
  name: string;
  idNumber: string;
}
