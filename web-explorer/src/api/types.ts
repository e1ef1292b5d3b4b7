/**
 * Response shapes of the gateway's /api/v1 as the explorer reads them: the zod schemas' types from
 * @estate-ledger/api-schemas, which the gateway's OpenAPI document is generated from and every API
 * test checks real answers against. Types only, so the bundle carries no zod; AUDIT_KINDS comes from
 * the zod-free vocabulary module.
 */
export type {
  Activity,
  ActivityBucket,
  AdvanceNotice,
  ApiErrorBody,
  ApplicationProgress,
  Areas,
  AuditChainCheck,
  AuditEntry,
  LegacyFailurePage,
  LegacyInspection,
  BlockDetail,
  BlockSummary,
  BookEntry,
  Certificate,
  FiledContract,
  Holder,
  Mortgage,
  Objection,
  Overview,
  Ownership,
  Page,
  Party,
  PartyShown,
  Principal,
  RegisterTime,
  RegistrationStep,
  ResidenceRight,
  Restriction,
  SearchKind,
  SearchResult,
  Seizure,
  StateWrite,
  Statistics,
  StatisticsRow,
  Subject,
  TitleLink,
  TokenResponse,
  TxDetail,
  TxSummary,
  UnitFlags,
  UnitView,
  Verification,
  VerificationOutcome,
} from '@estate-ledger/api-schemas';
export type { Registration as RegistrationView, SaleContract as SaleContractView } from '@estate-ledger/api-schemas';
export { AUDIT_KINDS } from '@estate-ledger/api-schemas/vocabulary';
