import { z } from 'zod';
import type { FieldWarning } from '@estate-ledger/chaincode';

/** Accepted input that is unusual (a legacy birth year, a pilot credit code), reported beside the result. */
export const zWarnings = z
  .array(
    z.object({
      field: z.string().meta({ example: 'developer.idNumber' }),
      rule: z.string().meta({ example: 'CREDIT_CODE_CHECKSUM_PILOT' }),
      message: z.string(),
    }),
  )
  .meta({ id: 'Warnings', description: 'What was accepted but unusual in the input, one entry per field; absent when nothing was' });

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
