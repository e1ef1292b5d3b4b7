import { z } from 'zod';
import { firstIssue, parseRuleError, type RuleCode } from '@estate-ledger/chaincode';
import { TransactionInvalidError } from '../ledger/ledger-port';
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

/** Maps anything thrown while serving a request to the HTTP error the client sees. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) {
    const issue = firstIssue(err);
    return new ApiError(400, 'VALIDATION_FAILED', issue.message, issue.field, issue.rule);
  }
  if (err instanceof TransactionInvalidError) {
    return new ApiError(409, err.code, `The ledger committed the transaction as invalid (${err.code}); retry the request`);
  }
  if (isUnavailable(err)) return new ApiError(503, 'READ_MODEL_UNAVAILABLE', 'The read model is unavailable; try again shortly');
  const text = err instanceof Error ? err.message : String(err);
  const rule = parseRuleError(text);
  if (rule) return new ApiError(RULE_STATUS[rule.code] ?? 409, rule.code, rule.message, rule.field, rule.rule);
  const http = err as { status?: number; type?: string };
  if (http.type === 'entity.too.large') return new ApiError(413, 'BODY_TOO_LARGE', 'The request body is larger than the limit');
  if (http.type === 'entity.parse.failed') return new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  if (http.type === 'encoding.unsupported' || http.type === 'charset.unsupported') return new ApiError(415, 'UNSUPPORTED_ENCODING', text);
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal error');
}
