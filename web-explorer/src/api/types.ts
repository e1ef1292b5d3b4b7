import type { UnitFlags, VerificationOutcome } from '@estate-ledger/chaincode';
import type { AuditRecord } from '../../../gateway-api/src/audit/audit-entry';
import type { BlockSummary, Subject, TxSummary } from '../../../gateway-api/src/read-model/ledger-views';

/** Response shapes of the gateway's /api/v1 as the explorer reads them (the REST contract). */
export type { BlockSummary, Subject, TxSummary, UnitFlags, VerificationOutcome };
export { AUDIT_KINDS } from '../../../gateway-api/src/audit/audit-entry';

/** An audit log entry; fields that do not apply to its kind are absent. */
export type AuditEntry = AuditRecord;

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; rule?: string; requestId?: string };
}

export interface Page<T> {
  items: T[];
  /** null, or absent (the audit log), on the last page. */
  nextCursor?: string | null;
}

export interface Principal {
  subject: string;
  name: string;
  msp: string;
  role: string;
  districts: string[];
}

export interface TokenResponse {
  token: string;
  expiresAt: string;
  principal: Principal;
}

/**
 * A key the transaction wrote (or deleted): composite keys come as object type and attributes
 * (`key` null), simple keys as `key`. Values are not repeated here: the record pages show them.
 */
export interface StateWrite {
  objectType: string;
  attributes: string[];
  key: string | null;
  isDelete: boolean;
}

export interface TxDetail extends TxSummary {
  endorsers: string[];
  event: unknown;
  /** The decoded business payload: the contract function's arguments, usually one JSON object. Parties appear only as transient-map keys ("p1"). */
  args: unknown[];
  writes: StateWrite[];
}

export interface BlockDetail extends BlockSummary {
  transactions: TxSummary[];
}

/** Blocks and transactions committed in one time bucket (`at` is the bucket's start). */
export interface ActivityBucket {
  at: string;
  blocks: number;
  transactions: number;
  invalid: number;
}

export interface Activity {
  lastHourByMinute: ActivityBucket[];
  lastDayByHour: ActivityBucket[];
  last30DaysByDay: ActivityBucket[];
}

export interface Overview {
  ledger: { height: number };
  projection: { height: number; lagBlocks: number };
  counts: { blocks: number; transactions: number; units: number; certificates: number; registrationsOpen: number };
  recentBlocks: BlockSummary[];
  /** Endorsements given, by the endorsing organisation's MSP. */
  endorsementsByOrganisation: Record<string, number>;
  /** Transactions submitted, by the creator's MSP. */
  transactionsByOrganisation: Record<string, number>;
  /** Transactions by validation code (VALID, MVCC_READ_CONFLICT, …). */
  transactionsByValidationCode: Record<string, number>;
  /** Only buckets with activity; the windows end at the latest one. */
  activity: Activity;
}

/** A party as the API shows it: masked (张*丰, 5117**********0011) unless the role may see it. */
export interface Party {
  ref: string;
  kind: 'PERSON' | 'ORG';
  name: string;
  idNumber: string;
}

export interface Holder {
  party: Party;
  share?: string;
}

export interface Areas {
  building: string;
  inner: string;
  shared: string;
}

export interface Ownership {
  rightId: string;
  registrationId: string;
  coOwnership: 'SOLE' | 'JOINT' | 'SHARES';
  recordedAt: string;
  holders: Holder[];
}

export interface Mortgage {
  rightId: string;
  mortgagors: Party[];
  creditor: Party;
  amount: string;
  maximumAmount: boolean;
  noTransfer: boolean;
  termStart: string;
  termEnd: string;
  rank: number;
  registrationId: string;
  recordedAt: string;
}

export interface AdvanceNotice {
  rightId: string;
  holders: Party[];
  contractId?: string;
  registrationId: string;
  recordedAt: string;
}

export interface Objection {
  rightId: string;
  applicant: Party;
  reason: string;
  recordedAt: string;
  lawsuitFiled: boolean;
}

export interface ResidenceRight {
  rightId: string;
  holders: Party[];
  recordedAt: string;
  until?: string;
}

export interface Seizure {
  seizureId: string;
  court: string;
  caseNumber: string;
  kind: 'SEIZURE' | 'PRE_SEIZURE';
  status: 'ACTIVE' | 'QUEUED';
  servedAt: string;
  endDate?: string;
}

export interface FiledContract {
  contractId: string;
}

export interface UnitView {
  unitNumber: string;
  houseCode: string;
  district: string;
  location: string;
  use: string;
  structure: string;
  areas: Areas;
  floor: number;
  building: string;
  room: string;
  registerVersion: number;
  flags: UnitFlags;
  ownership?: Ownership;
  mortgages: Mortgage[];
  notices: AdvanceNotice[];
  objections: Objection[];
  residence: ResidenceRight[];
  seizures: Seizure[];
  filedContract?: FiledContract;
}

/** One owner in the title chain (上下手), oldest first; `endedAt` once a successor took over. */
export interface TitleLink {
  rightId: string;
  registrationId: string;
  recordedAt: string;
  coOwnership: Ownership['coOwnership'];
  holders: Holder[];
  successor?: string | null;
  endedAt?: string;
}

export type SearchKind = 'block' | 'transaction' | 'unit' | 'certificate' | 'registration' | 'application' | 'contract';

export interface SearchResult {
  kind: SearchKind;
  id: string;
  label: string;
}

export interface Verification {
  outcome: VerificationOutcome;
  certNo?: string;
  kind?: 'TITLE' | 'PROOF';
  unitNumber?: string;
  issuedAt?: string;
  issuedAtVersion?: number;
  currentVersion?: number;
  currentFlags?: UnitFlags;
  successor?: string;
  reason?: string;
  checkedAt: string;
}

export interface Certificate {
  certNo: string;
  kind: 'TITLE' | 'PROOF';
  unitNumber: string;
  status: 'VALID' | 'SUPERSEDED' | 'CANCELLED' | 'REVOKED';
  issuedAt: string;
  registerVersion: number;
  docHash: string;
  registrationId?: string;
  rightId?: string;
  rightType?: string;
  statusAt?: string;
  supersededBy?: string;
  supersedes?: string;
  statusReason?: string;
}

/** One entry of a unit's register book (登记簿): a change of its rights or restrictions, in register order. */
export interface BookEntry {
  unitNumber: string;
  registerVersion: number;
  txId: string;
  /** A registration type (FIRST, TRANSFER, …), a court act (SEIZURE, SEIZURE_LIFTED, …), OBJECTION, or a lapse (NOTICE_LAPSED, SEIZURE_EXPIRED). */
  kind: string;
  /** The right or seizure the entry concerns. */
  ref: string;
  at: string;
  registrationId?: string;
}

export interface StatisticsRow {
  period: string;
  district: string;
  type: string;
  applied: number;
  completed: number;
  withinLimit: number;
  overdue: number;
  /** Of `overdue`: cases still open and already past their limit. */
  openPastLimit: number;
  avgWorkingDays: number | null;
  limitDays: number;
}

/** GET /time: the register's clock; `today` is its China calendar date. */
export interface RegisterTime {
  now: string;
  today: string;
  timeZone: string;
}

export interface Statistics {
  rows: StatisticsRow[];
  totals: { applied: number; completed: number; withinLimit: number; overdue: number };
}

export interface AuditChainCheck {
  ok: boolean;
  checked: number;
  firstBadSeq?: number;
}

export interface RegistrationStep {
  status: string;
  actor: { msp: string; role: string; at: string; txId: string };
  note?: string;
}

export interface RegistrationView {
  registrationId: string;
  type: string;
  unitNumber: string;
  district: string;
  status: string;
  appliedAt: string;
  recordedAt?: string;
  steps: RegistrationStep[];
  certNo?: string;
  certHash?: string;
}

/** 办件进度: where a one-window case stands in each department. */
export interface ApplicationProgress {
  applicationId: string;
  businessType: string;
  unitNumber: string;
  status: 'OPEN' | 'WITHDRAWN' | 'COMPLETED';
  departments: {
    housing: Array<{ contractId: string; status: string; filedAt: string | null }>;
    tax: Array<{ taxId: string; status: string }>;
    registry: Array<{
      registrationId: string;
      type: string;
      status: string;
      appliedAt: string;
      completedAt: string | null;
      limitWorkingDays: number;
      workingDays: number | null;
      withinLimit: boolean | null;
    }>;
  };
}

export interface SaleContractView {
  contractId: string;
  kind: 'COMMODITY' | 'STOCK';
  unitNumber: string;
  sellers: Holder[];
  buyers: Holder[];
  buyerCoOwnership: Ownership['coOwnership'];
  price: string;
  status: 'SIGNED' | 'FILED' | 'CANCELLED' | 'CONSUMED';
  signedAt: string;
  filedAt?: string;
  endedAt?: string;
  cancelReason?: string;
  applicationId?: string;
  history: Array<{ status: string; actor: { msp: string; role: string; at: string; txId: string } }>;
}
