import { z } from 'zod';
import { firstIssue, parseRuleError, RuleError, type RuleCode } from '@estate-ledger/chaincode';
import type { ValidationCode } from './validation-codes';

/**
 * The typed failures of the LedgerPort. Every adapter translates its own errors into these, so
 * nothing above the port reads error text: on Fabric a refused submit's message is only "failed
 * to endorse transaction, see attached details" and the chaincode's refusal is in its details.
 */

/** The chaincode refused the request (on submit: nothing was ordered, nothing was written). */
export class LedgerRuleRefusal extends Error {
  constructor(
    readonly code: RuleCode,
    message: string,
    /** Input field the refusal is about, as a dotted path. */
    readonly field?: string,
    /** Sub-rule of an input refusal, e.g. RESIDENT_ID_CHECKSUM. */
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'LedgerRuleRefusal';
  }
}

/**
 * The refusal in whatever the chaincode threw or returned: a RuleError (in-process), a ZodError
 * that escaped input validation (refused as INVALID_INPUT with its field and rule), or text or an
 * error message that carries a serialised RuleError (Fabric's `chaincode response 500,
 * ESTATE_RULE{…}`). Undefined when it is none of these, i.e. not a refusal but a fault.
 */
export function ruleRefusalOf(thrown: unknown): LedgerRuleRefusal | undefined {
  if (thrown instanceof LedgerRuleRefusal) return thrown;
  if (thrown instanceof z.ZodError) {
    const issue = firstIssue(thrown);
    return new LedgerRuleRefusal('INVALID_INPUT', issue.message, issue.field, issue.rule);
  }
  const text = typeof thrown === 'string' ? thrown : thrown instanceof Error ? thrown.message : undefined;
  const body = thrown instanceof RuleError ? thrown.body : text === undefined ? undefined : parseRuleError(text);
  return body && new LedgerRuleRefusal(body.code, body.message, body.field, body.rule);
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
