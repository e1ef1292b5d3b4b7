import { z } from 'zod';
import { firstIssue, RuleError, type RuleErrorBody } from '@estate-ledger/chaincode';
import { AppointmentError, BatchKindNotAllowedError, BusinessTypeNotGrantedError, IdempotencyKeyReusedError, LegacyInspectionError, LinkageError, NotAnApplicantError, NotYoursError, OutsideDistrictError, PdfRenderingChangedError } from '../application/application-errors';
import { ChannelAccountNotFoundError } from '../auth/channel-accounts';
import { DocumentStoreUnavailableError } from '../documents/document-store';
import { FeeError } from '../fees/case-fees';
import { LedgerRuleRefusal, LedgerUnavailableError, TransactionInvalidError } from '../ledger/ledger-errors';
import type { ValidationCode } from '../ledger/validation-codes';
import { isUnavailable } from '../read-model/read-db';
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue';

/** An HTTP error with a stable code and, for input errors, the field and the rule it broke. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** One of the catalogue's codes (error-catalogue.ts), so every code is documented. */
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The error body's schema is the API's (@estate-ledger/api-schemas): the explorer reads it too. */
export { zErrorBody } from '@estate-ledger/api-schemas';

/** A refusal keeps its code and status from the catalogue; bad input is VALIDATION_FAILED on every route, whoever found it. */
function ruleError(r: RuleErrorBody): ApiError {
  const code = r.code === 'INVALID_INPUT' ? 'VALIDATION_FAILED' : r.code;
  return new ApiError(ERROR_CATALOGUE[code].status, code, r.message, r.field, r.rule);
}

const NOT_YOURS_CODES = {
  application: 'APPLICATION_NOT_FOUND',
  document: 'DOCUMENT_NOT_FOUND',
  batch: 'BATCH_NOT_FOUND',
  certificate: 'CERTIFICATE_NOT_FOUND',
  'holdings proof': 'HOLDINGS_PROOF_NOT_FOUND',
  appointment: 'APPOINTMENT_NOT_FOUND',
} as const;

/** Maps anything thrown while serving a request to the HTTP error the client sees, by its type. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) {
    const issue = firstIssue(err);
    return new ApiError(400, 'VALIDATION_FAILED', issue.message, issue.field, issue.rule);
  }
  if (err instanceof LedgerRuleRefusal) return ruleError(err);
  // The gateway checks some input itself with the chaincode's rule codes (audit queries, webhooks).
  if (err instanceof RuleError) return ruleError(err.body);
  if (err instanceof TransactionInvalidError) {
    // A transaction committed invalid never carries VALID.
    return new ApiError(409, err.code as Exclude<ValidationCode, 'VALID'>, `The ledger committed the transaction as invalid (${err.code}); retry the request`);
  }
  if (err instanceof LedgerUnavailableError) {
    const outcome = err.txId ? `; transaction ${err.txId} may still commit, check it before repeating the request` : '; try again shortly';
    return new ApiError(503, 'LEDGER_UNAVAILABLE', `The ledger is unavailable${outcome}`);
  }
  if (err instanceof OutsideDistrictError) return new ApiError(403, 'OUTSIDE_DISTRICT', err.message);
  if (err instanceof NotAnApplicantError) return new ApiError(403, 'NOT_AN_APPLICANT', err.message, err.field);
  if (err instanceof IdempotencyKeyReusedError) return new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', err.message, err.field);
  if (err instanceof BatchKindNotAllowedError) return new ApiError(403, 'BATCH_KIND_NOT_ALLOWED', err.message, err.field);
  if (err instanceof BusinessTypeNotGrantedError) return new ApiError(403, 'BUSINESS_TYPE_NOT_GRANTED', err.message, 'businessType');
  if (err instanceof NotYoursError) return new ApiError(404, NOT_YOURS_CODES[err.what], err.message);
  if (err instanceof ChannelAccountNotFoundError) return new ApiError(404, 'CHANNEL_NOT_FOUND', err.message);
  if (err instanceof PdfRenderingChangedError) return new ApiError(500, 'PDF_RENDERING_CHANGED', err.message);
  if (err instanceof FeeError) return new ApiError(ERROR_CATALOGUE[err.code].status, err.code, err.message, err.field, err.rule);
  if (err instanceof LegacyInspectionError || err instanceof LinkageError || err instanceof AppointmentError) return new ApiError(ERROR_CATALOGUE[err.code].status, err.code, err.message, err.field, err.rule);
  if (err instanceof DocumentStoreUnavailableError) return new ApiError(503, err.code, 'The document store is unavailable; try again shortly');
  if (isUnavailable(err)) return new ApiError(503, 'READ_MODEL_UNAVAILABLE', 'The read model is unavailable; try again shortly');
  const http = err as { status?: number; type?: string };
  if (http.type === 'entity.too.large') return new ApiError(413, 'BODY_TOO_LARGE', 'The request body is larger than the limit');
  if (http.type === 'entity.parse.failed') return new ApiError(400, 'VALIDATION_FAILED', 'The request body is not valid JSON', undefined, 'MALFORMED_JSON');
  if (http.type === 'encoding.unsupported' || http.type === 'charset.unsupported') return new ApiError(415, 'UNSUPPORTED_ENCODING', err instanceof Error ? err.message : String(err));
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal error');
}
