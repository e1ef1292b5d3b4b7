import { KEY } from './keys';

/**
 * Every refusal carries a stable code. The message crosses the Fabric boundary as a string,
 * so the error serialises itself as JSON that both ledger adapters parse back.
 */
export const RULE_CODES = [
  'INVALID_INPUT',
  'ACCESS_DENIED',
  'PROJECT_NOT_FOUND',
  'HOUSEHOLD_NOT_FOUND',
  'UNIT_NOT_FOUND',
  'CONTRACT_NOT_FOUND',
  'TAX_ASSESSMENT_NOT_FOUND',
  'APPLICATION_NOT_FOUND',
  'REGISTRATION_NOT_FOUND',
  'CERTIFICATE_NOT_FOUND',
  'SEIZURE_NOT_FOUND',
  'OBJECTION_NOT_FOUND',
  'RIGHT_NOT_FOUND',
  'PARTY_NOT_FOUND',
  'ALREADY_EXISTS',
  'INVALID_STATE',
  'LEDGER_NOT_INITIALISED',
  'TIMESTAMP_SKEW',
  'PARTY_MISSING',
  'HOUSE_ALREADY_LINKED',
  'UNIT_ALREADY_OWNED',
  'NOT_FIRST_REGISTERED',
  'UNIT_SEIZED',
  'UNIT_CASE_IN_FLIGHT',
  'NOT_REGISTERED_OWNER',
  'CO_OWNER_CONSENT_REQUIRED',
  'NOTICE_HOLDER_CONSENT_REQUIRED',
  'NOTICE_EXISTS',
  'NOTICE_HOLDER_NOT_BUYER',
  'OBJECTION_UNDERTAKING_REQUIRED',
  'OBJECTION_REPEATED',
  'MORTGAGE_NO_TRANSFER',
  'LATER_MORTGAGEE_CONSENT_REQUIRED',
  'NO_FILED_CONTRACT',
  'CONTRACT_PARTIES_MISMATCH',
  'CONTRACT_ALREADY_FILED',
  'PRESALE_PERMIT_REQUIRED',
  'TAX_NOT_CLEARED',
  'TAX_CLEARANCE_CONSUMED',
  'SEIZURE_NOT_BY_THIS_COURT',
  'SEIZURE_TERM_TOO_LONG',
  'MATERIALS_INCOMPLETE',
  'NOT_RIGHT_HOLDER',
  'RIGHT_NOT_CURRENT',
  'CERTIFICATE_PDF_RECORDED',
  'HOLDINGS_PROOF_NOT_FOUND',
  'ANCHOR_NOT_FOUND',
  'ANCHOR_PENDING',
  'ANCHOR_RANGE',
  'ALREADY_MIGRATED',
  'UNIT_HAS_HISTORY',
  'MIGRATED_RECORD_ENDED',
  'CERTIFICATE_NUMBER_TAKEN',
  'NO_ISSUING_OFFICE',
  'AWAITING_CERTIFICATE_NUMBER',
  'CORRECTION_BARRED',
  'PERIOD_NOT_ENDED',
  'DISTRICT_STILL_HELD',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

/**
 * A missing record has one code per kind, whether the chaincode misses it or a gateway's read
 * model does: the code of each record type that is looked up by its key.
 */
export const NOT_FOUND_CODES = {
  [KEY.project]: 'PROJECT_NOT_FOUND',
  [KEY.household]: 'HOUSEHOLD_NOT_FOUND',
  [KEY.unit]: 'UNIT_NOT_FOUND',
  [KEY.contract]: 'CONTRACT_NOT_FOUND',
  [KEY.tax]: 'TAX_ASSESSMENT_NOT_FOUND',
  [KEY.application]: 'APPLICATION_NOT_FOUND',
  [KEY.registration]: 'REGISTRATION_NOT_FOUND',
  [KEY.certificate]: 'CERTIFICATE_NOT_FOUND',
  [KEY.holdingsProof]: 'HOLDINGS_PROOF_NOT_FOUND',
} as const satisfies Record<string, RuleCode>;

export type FindableKey = keyof typeof NOT_FOUND_CODES;

export interface RuleErrorBody {
  code: RuleCode;
  message: string;
  /** Input field the refusal is about, as a dotted path. */
  field?: string;
  /** Sub-rule of a validation failure, e.g. RESIDENT_ID_CHECKSUM. */
  rule?: string;
}

const MARKER = 'ESTATE_RULE';

export class RuleError extends Error {
  readonly body: RuleErrorBody;

  constructor(code: RuleCode, message: string, extra: { field?: string; rule?: string } = {}) {
    const body: RuleErrorBody = { code, message, ...extra };
    super(`${MARKER}${JSON.stringify(body)}`);
    this.name = 'RuleError';
    this.body = body;
  }

  get code(): RuleCode {
    return this.body.code;
  }
}

/** Finds a serialised RuleError inside any error text (Fabric wraps chaincode messages). */
export function parseRuleError(text: string): RuleErrorBody | undefined {
  const at = text.indexOf(MARKER);
  if (at < 0) return undefined;
  const json = text.slice(at + MARKER.length);
  // The body is a single JSON object; anything Fabric appended after it is ignored.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      try {
        return JSON.parse(json.slice(0, i + 1)) as RuleErrorBody;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
