import type { UnitFlags, VerificationOutcome } from '@estate-ledger/chaincode';

/** Response shapes of the gateway's /api/v1 as the explorer reads them (the REST contract). */
export type { UnitFlags, VerificationOutcome };

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

export interface BlockSummary {
  number: number;
  hash: string;
  previousHash: string;
  dataHash: string;
  committedAt: string;
  txCount: number;
  validCount: number;
}

export interface Subject {
  kind: string;
  id: string;
}

export interface TxSummary {
  txId: string;
  blockNumber: number;
  index: number;
  code: string;
  committedAt: string;
  creatorMsp: string;
  fn: string;
  eventType: string | null;
  district: string | null;
  unitNumber: string | null;
  subject: Subject | null;
}

export interface StateWrite {
  objectType: string;
  attributes: string[];
  key: string;
  isDelete: boolean;
  value: unknown;
}

export interface TxDetail extends TxSummary {
  endorsers: string[];
  event: unknown;
  writes: StateWrite[];
}

export interface BlockDetail extends BlockSummary {
  transactions: TxSummary[];
}

export interface Overview {
  ledger: { height: number };
  projection: { height: number; lagBlocks: number };
  counts: { blocks: number; transactions: number; units: number; certificates: number; registrationsOpen: number };
  recentBlocks: BlockSummary[];
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
  supersededBy?: string;
  supersedes?: string;
  statusReason?: string;
}

export interface StatisticsRow {
  period: string;
  district: string;
  type: string;
  applied: number;
  completed: number;
  withinLimit: number;
  overdue: number;
  avgWorkingDays: number | null;
  limitDays: number;
}

export interface Statistics {
  rows: StatisticsRow[];
  totals: { applied: number; completed: number; withinLimit: number; overdue: number };
}

export const AUDIT_KINDS = ['REQUEST', 'SUBMISSION', 'SYSTEM'] as const;

/** An audit log entry; fields that do not apply to its kind are absent. */
export interface AuditEntry {
  seq: number;
  at: string;
  kind: (typeof AUDIT_KINDS)[number];
  actor: string;
  msp?: string;
  role?: string;
  district?: string;
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
  txId?: string;
  fn?: string;
  hash: string;
  prevHash: string;
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
