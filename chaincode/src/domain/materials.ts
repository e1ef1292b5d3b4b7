import type { RegistrationType } from './model';

/**
 * The materials checklist per business type (一次性告知), after the national guide and the
 * mortgage/cancellation material lists of reference/004. Intake refuses a case whose checklist
 * is not complete; the ledger keeps only each document's type and SHA-256.
 */
export const MATERIALS_CHECKLIST: Record<RegistrationType, readonly string[]> = {
  FIRST: ['ID_DOCUMENT', 'LAND_USE_CERTIFICATE', 'COMPLETION_ACCEPTANCE', 'SURVEY_REPORT'],
  TRANSFER: ['ID_DOCUMENT', 'SALE_CONTRACT', 'TAX_VOUCHER'],
  CHANGE: ['ID_DOCUMENT', 'CHANGE_EVIDENCE', 'TITLE_CERTIFICATE'],
  CORRECTION: ['ID_DOCUMENT', 'CORRECTION_EVIDENCE'],
  CANCELLATION: ['ID_DOCUMENT', 'CANCELLATION_EVIDENCE', 'TITLE_CERTIFICATE'],
  MORTGAGE: ['ID_DOCUMENT', 'MORTGAGE_CONTRACT', 'LOAN_CONTRACT', 'TITLE_CERTIFICATE'],
  MORTGAGE_CANCELLATION: ['ID_DOCUMENT', 'MORTGAGE_RELEASE'],
  NOTICE: ['ID_DOCUMENT', 'SALE_CONTRACT', 'NOTICE_AGREEMENT'],
  RESIDENCE: ['ID_DOCUMENT', 'RESIDENCE_CONTRACT', 'TITLE_CERTIFICATE'],
};

export function missingMaterials(type: RegistrationType, provided: ReadonlyArray<{ type: string }>): string[] {
  const have = new Set(provided.map((d) => d.type));
  return MATERIALS_CHECKLIST[type].filter((t) => !have.has(t));
}

/** Processing time limits in working days (国办发〔2019〕8号; reference/004): 0 means at once. */
export const TIME_LIMIT_WORKING_DAYS: Record<RegistrationType | 'SEIZURE_LIFT', number> = {
  FIRST: 5,
  TRANSFER: 5,
  CHANGE: 5,
  CORRECTION: 5,
  CANCELLATION: 0,
  MORTGAGE: 3,
  MORTGAGE_CANCELLATION: 0,
  NOTICE: 5,
  RESIDENCE: 5,
  SEIZURE_LIFT: 0,
};

/** Which certificate a recorded registration produces, if any. */
export const CERTIFICATE_OF: Record<RegistrationType, 'TITLE' | 'PROOF' | undefined> = {
  FIRST: 'TITLE',
  TRANSFER: 'TITLE',
  CHANGE: 'TITLE',
  CORRECTION: 'TITLE',
  CANCELLATION: undefined,
  MORTGAGE: 'PROOF',
  MORTGAGE_CANCELLATION: undefined,
  NOTICE: 'PROOF',
  RESIDENCE: 'PROOF',
};
