/**
 * The fixed vocabularies of the API's answers. Plain constants, no zod: the explorer's bundle
 * imports them at runtime from `@estate-ledger/api-schemas/vocabulary` alone.
 *
 * Those the chaincode also defines (registration types and statuses, event types, verification
 * outcomes, the record statuses) are checked against it at compile time by the gateway
 * (gateway-api/src/http/response-schemas.ts), so the two lists cannot drift apart.
 */

export const AUDIT_KINDS = ['REQUEST', 'SUBMISSION', 'SYSTEM', 'ACCOUNT', 'APPOINTMENT'] as const;

/**
 * A booking is BOOKED until its holder cancels it, or the office's staff mark it ARRIVED (签到 at
 * the window) or NO_SHOW (爽约, after its slot ended); a move keeps the booking and changes its slot.
 */
export const APPOINTMENT_STATUSES = ['BOOKED', 'CANCELLED', 'ARRIVED', 'NO_SHOW'] as const;

/** Outcomes of verifying a certificate by its hash. "Could not check" is never VALID. */
export const VERIFICATION_OUTCOMES = ['VALID', 'VALID_BUT_OUTDATED', 'SUPERSEDED', 'REVOKED', 'CANCELLED', 'NOT_FOUND', 'STATUS_UNKNOWN', 'EXPIRED'] as const;

export const REGISTRATION_TYPES = ['FIRST', 'TRANSFER', 'CHANGE', 'CORRECTION', 'CANCELLATION', 'MORTGAGE', 'MORTGAGE_CANCELLATION', 'NOTICE', 'RESIDENCE', 'NOTICE_CANCELLATION', 'OBJECTION_CANCELLATION', 'MORTGAGE_TRANSFER', 'MORTGAGE_CHANGE', 'MORTGAGE_NOTICE', 'REGISTRY_CORRECTION'] as const;

export const REGISTRATION_STATUSES = ['APPLIED', 'ACCEPTED', 'NOT_ACCEPTED', 'NEEDS_SUPPLEMENT', 'REVIEWED', 'REFUSED', 'RECORDED', 'CERTIFIED', 'ISSUED', 'WITHDRAWN', 'SUSPENDED', 'NOTIFIED', 'ANNOUNCED'] as const;

/** Exactly one event per transaction; webhooks subscribe to them by name. */
export const EVENT_TYPES = [
  'LEDGER_CONFIGURED',
  'PROJECT_PUBLISHED',
  'UNIT_LINKED',
  'CONTRACT_SIGNED',
  'CONTRACT_FILED',
  'CONTRACT_CANCELLED',
  'TAX_ASSESSED',
  'TAX_CLEARED',
  'SEIZURE_RECORDED',
  'SEIZURE_LIFTED',
  'SEIZURE_RENEWED',
  'OBJECTION_RECORDED',
  'OBJECTION_LAWSUIT_FILED',
  'APPLICATION_CREATED',
  'APPLICATION_UPDATED',
  'APPLICATION_WITHDRAWN',
  'REGISTRATION_STEP',
  'CERTIFICATES_NUMBERED',
  'CERTIFICATE_ISSUED',
  'CERTIFICATE_REVOKED',
  'CERTIFICATE_PDF_RECORDED',
  'HOLDINGS_PROOF_ISSUED',
  'HOLDINGS_PROOF_PDF_RECORDED',
  'ANCHOR_INTENDED',
  'ANCHOR_CONFIRMED',
  'UNIT_MIGRATED',
  'UNIT_RELINKED',
  'UNIT_UNLINKED',
  'REGISTRY_UNITS_DECLARED',
] as const;

export const APPLICATION_STATUSES = ['OPEN', 'WITHDRAWN', 'COMPLETED'] as const;
export const DEPARTMENTS = ['HOUSING', 'TAX', 'REGISTRY'] as const;
/** Who a case waits for: the applicant, or a department (COURT when a seizure suspended it). */
export const AWAITED_FROM = ['APPLICANT', 'HOUSING', 'TAX', 'REGISTRY', 'COURT'] as const;
export const CERTIFICATE_KINDS = ['TITLE', 'PROOF'] as const;
/** What a verified hash can name: a certificate of either kind, or a holdings proof (有房/无房证明). */
export const VERIFIED_DOCUMENT_KINDS = [...CERTIFICATE_KINDS, 'HOLDINGS_PROOF'] as const;
export const CERTIFICATE_STATUSES = ['VALID', 'SUPERSEDED', 'CANCELLED', 'REVOKED'] as const;
export const RIGHT_TYPES = ['OWNERSHIP', 'MORTGAGE', 'NOTICE', 'RESIDENCE'] as const;
/** The rights by which a person holds a unit (本人名下): a mortgage is the creditor's, not the holder's. */
export const HELD_RIGHT_TYPES = ['OWNERSHIP', 'NOTICE', 'RESIDENCE'] as const;
export const CO_OWNERSHIP = ['SOLE', 'JOINT', 'SHARES'] as const;
export const CONTRACT_KINDS = ['COMMODITY', 'STOCK'] as const;
export const CONTRACT_STATUSES = ['SIGNED', 'FILED', 'CANCELLED', 'CONSUMED'] as const;
export const TAX_ITEM_KINDS = ['DEED_TAX', 'VAT', 'INDIVIDUAL_INCOME_TAX', 'STAMP_DUTY', 'LAND_VALUE_INCREMENT_TAX'] as const;
export const TAX_PAYERS = ['BUYER', 'SELLER'] as const;
export const TAX_STATUSES = ['ASSESSED', 'CLEARED', 'EXEMPT'] as const;
export const SEIZURE_KINDS = ['SEIZURE', 'PRE_SEIZURE'] as const;
export const SEIZURE_STATUSES = ['ACTIVE', 'QUEUED'] as const;
export const PARTY_KINDS = ['PERSON', 'ORG'] as const;

/** What the explorer's search box finds by exact id. */
export const SEARCH_KINDS = ['block', 'transaction', 'unit', 'certificate', 'registration', 'application', 'contract'] as const;

/** Delivery states of a webhook callback: DEAD after the last retry, until reconciled. */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD'] as const;

/** The four agencies' membership service providers. */
export const MSP_IDS = ['RegistryMSP', 'HousingMSP', 'TaxMSP', 'CourtMSP'] as const;

/** Restrictions that can stand on a unit, as a verifier reads them beside the answer (each is one of the public-safe flags). */
export const RESTRICTIONS = ['MORTGAGED', 'SEIZED', 'SEIZURE_QUEUED', 'ADVANCE_NOTICE', 'OBJECTION', 'RESIDENCE_RIGHT'] as const;
