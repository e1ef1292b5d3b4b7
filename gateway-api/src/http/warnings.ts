import type { FieldWarning } from '@estate-ledger/chaincode';

// Accepted input that is unusual (a legacy birth year, a pilot credit code) is reported beside the
// result: zWarnings in @estate-ledger/api-schemas is its schema in the body.

/**
 * `Warning` header values (RFC 7234 §5.5: code 299, persistent, no agent). Header values must be
 * Latin-1, so each names only the rule and the field, which are ASCII; the messages are in the body.
 */
export function warningHeader(warnings: FieldWarning[]): string[] {
  return warnings.map((w) => `299 - "${w.rule} ${w.field}"`);
}

/** A JSON object body with the warnings beside its fields; any other body carries them in the header alone. */
export function bodyWithWarnings(body: unknown, warnings: FieldWarning[]): unknown {
  if (warnings.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...body, warnings };
}
