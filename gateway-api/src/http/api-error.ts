import { z } from 'zod';
import { firstIssue, RuleError, type RuleCode, type RuleErrorBody } from '@estate-ledger/chaincode';
import { OutsideDistrictError } from '../application/application-errors';
import { LedgerRuleRefusal, LedgerUnavailableError, TransactionInvalidError } from '../ledger/ledger-errors';
import { isUnavailable } from '../read-model/read-db';

/** An HTTP error with a stable code and, for input errors, the field and the rule it broke. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const zErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      field: z.string().optional().meta({ example: 'applicants.0.party.idNumber' }),
      rule: z.string().optional().meta({ example: 'RESIDENT_ID_CHECKSUM' }),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

const RULE_STATUS: Partial<Record<RuleCode, number>> = {
  INVALID_INPUT: 400,
  ACCESS_DENIED: 403,
  NOT_FOUND: 404,
  CERTIFICATE_NOT_FOUND: 404,
  RIGHT_NOT_FOUND: 404,
  LEDGER_NOT_INITIALISED: 503,
};

const ruleError = (r: RuleErrorBody) => new ApiError(RULE_STATUS[r.code] ?? 409, r.code, r.message, r.field, r.rule);

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
    return new ApiError(409, err.code, `The ledger committed the transaction as invalid (${err.code}); retry the request`);
  }
  if (err instanceof LedgerUnavailableError) {
    const outcome = err.txId ? `; transaction ${err.txId} may still commit, check it before repeating the request` : '; try again shortly';
    return new ApiError(503, 'LEDGER_UNAVAILABLE', `The ledger is unavailable${outcome}`);
  }
  if (err instanceof OutsideDistrictError) return new ApiError(403, 'OUTSIDE_DISTRICT', err.message);
  if (isUnavailable(err)) return new ApiError(503, 'READ_MODEL_UNAVAILABLE', 'The read model is unavailable; try again shortly');
  const http = err as { status?: number; type?: string };
  if (http.type === 'entity.too.large') return new ApiError(413, 'BODY_TOO_LARGE', 'The request body is larger than the limit');
  if (http.type === 'entity.parse.failed') return new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  if (http.type === 'encoding.unsupported' || http.type === 'charset.unsupported') return new ApiError(415, 'UNSUPPORTED_ENCODING', err instanceof Error ? err.message : String(err));
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal error');
}
