import type { RegistrationStatus, RegistrationType } from './model';

/** Exactly one event per transaction; its name is `type`. */
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
export type EventType = (typeof EVENT_TYPES)[number];

export interface LedgerEvent {
  type: EventType;
  txId: string;
  at: string;
  msp: string;
  role: string;
  district?: string;
  unitNumber?: string;
  applicationId?: string;
  subject: { kind: string; id: string };
  registration?: { type: RegistrationType; status: RegistrationStatus };
  /** Restrictions that lapsed when this transaction touched the unit. */
  lapsed?: Array<{ kind: string; id: string; reason: string }>;
  /** Registrations suspended by a seizure. */
  suspended?: string[];
  registerVersion?: number;
}
