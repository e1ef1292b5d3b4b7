import { z } from 'zod';
import { firstIssue, parseRuleError, RuleError, type RuleCode, type RuleErrorBody } from '@estate-ledger/chaincode';
import type { ValidationCode } from './validation-codes';

/**
 * The typed failures of the LedgerPort. Every adapter translates its own errors into these, so
 * nothing above the port reads error text: on Fabric a refused submit's message is only "failed
 * to endorse transaction, see attached details" and the chaincode's refusal is in its details.
 */

/** The chaincode refused the request (on submit: nothing was ordered, nothing was written). */
export class LedgerRuleRefusal extends Error {
  readonly code: RuleCode;
  /** Input field the refusal is about, as a dotted path. */
  readonly field?: string;
  /** Sub-rule of an input refusal, e.g. RESIDENT_ID_CHECKSUM. */
  readonly rule?: string;

  constructor(body: RuleErrorBody) {
    super(body.message);
    this.name = 'LedgerRuleRefusal';
    this.code = body.code;
    this.field = body.field;
    this.rule = body.rule;
  }
}

/**
 * The refusal in whatever the chaincode threw or returned: a RuleError (in-process), a ZodError
 * that escaped input validation (refused as INVALID_INPUT with its field and rule), or text that
 * carries a serialised RuleError (Fabric's `chaincode response 500, ESTATE_RULE{…}`).
 * Undefined when it is none of these, i.e. not a refusal but a fault.
 */
export function ruleRefusalOf(thrown: unknown): LedgerRuleRefusal | undefined {
  if (thrown instanceof LedgerRuleRefusal) return thrown;
  if (thrown instanceof RuleError) return new LedgerRuleRefusal(thrown.body);
  if (thrown instanceof z.ZodError) {
    const issue = firstIssue(thrown);
    return new LedgerRuleRefusal({ code: 'INVALID_INPUT', message: issue.message, field: issue.field, rule: issue.rule });
  }
  const body = typeof thrown === 'string' ? parseRuleError(thrown) : undefined;
  return body && new LedgerRuleRefusal(body);
}

/**
 * The transaction was endorsed and ordered, but the committing peers marked it invalid: it is in
 * block `blockNumber` and changed nothing. MVCC and phantom read conflicts may succeed as a new
 * proposal (READ_CONFLICTS); the other codes will not.
 */
export class TransactionInvalidError extends Error {
  constructor(
    readonly txId: string,
    readonly code: ValidationCode,
    readonly blockNumber: number,
  ) {
    super(`transaction ${txId} was committed invalid in block ${blockNumber}: ${code}`);
    this.name = 'TransactionInvalidError';
  }
}

/**
 * The ledger could not be reached, timed out or is closed. For a submission the outcome may be
 * unknown: when `txId` is set the transaction may still commit, and its block will show it.
 */
export class LedgerUnavailableError extends Error {
  constructor(
    message: string,
    readonly txId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LedgerUnavailableError';
  }
}
