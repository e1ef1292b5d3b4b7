import { z } from 'zod';
import type { CheckWarning } from './result';

/** A warning about one accepted input field, reported like an error: field path, rule code, message. */
export type FieldWarning = { field: string; rule: string; message: string };

type WarningSource = { warnings: (input: string) => CheckWarning[] };

/**
 * Leaf schemas whose check can pass with warnings, and how to get those from the raw input. zod
 * has no warnings (every issue fails the parse) and no per-parse context, so warningsOf walks an
 * accepted input beside its schema afterwards: each warning gets its field path, and nothing is
 * kept between parses.
 */
const sources = z.registry<WarningSource>();

/** Registers `schema` as a warning source; call it on the final schema (`.meta()` returns a copy). */
export function withWarnings<S extends z.ZodType>(schema: S, warnings: WarningSource['warnings']): S {
  sources.add(schema, { warnings });
  return schema;
}

type Key = string | number;

/** The schemas nested in `schema` with the part of `input` each applies to, or all of them (`everyBranch`). */
function nested(schema: z.ZodType, input: unknown, everyBranch: boolean): Array<[z.ZodType, unknown, Key?]> {
  const fields = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>)
      .filter(([key]) => everyBranch || Object.hasOwn(fields, key))
      .map(([key, child]) => [child, fields[key], key]);
  }
  if (schema instanceof z.ZodArray) {
    if (everyBranch) return [[schema.element as z.ZodType, undefined]];
    return Array.isArray(input) ? input.map((item, i) => [schema.element as z.ZodType, item, i]) : [];
  }
  if (schema instanceof z.ZodRecord) {
    if (everyBranch) return [[schema.valueType as z.ZodType, undefined]];
    return Object.entries(fields).map(([key, value]) => [schema.valueType as z.ZodType, value, key]);
  }
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodType[];
    // zod takes the first option that accepts the input.
    const chosen = everyBranch ? options : options.filter((o) => o.safeParse(input).success).slice(0, 1);
    return chosen.map((o) => [o, input]);
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return [[schema.unwrap() as z.ZodType, input]];
  }
  if (schema instanceof z.ZodPipe) return [[schema.in as z.ZodType, input]];
  return [];
}

/** The warnings of an input that `schema` accepted, each at its field path (dot-separated, as errors are). */
export function warningsOf(schema: z.ZodType, input: unknown): FieldWarning[] {
  const out: FieldWarning[] = [];
  const visit = (s: z.ZodType, value: unknown, path: Key[]): void => {
    // Parts that cannot warn (most of a large body) are not walked.
    if (!mayWarn(s)) return;
    const source = sources.get(s);
    if (!source) {
      for (const [child, part, key] of nested(s, value, false)) visit(child, part, key === undefined ? path : [...path, key]);
      return;
    }
    if (typeof value !== 'string') return;
    const field = path.join('.') || '(root)';
    for (const w of source.warnings(value)) out.push({ field, rule: w.rule, message: `${field}: ${w.message}` });
  };
  visit(schema, input, []);
  return out;
}

// Schemas are immutable, so whether one can warn is worked out once.
const warns = new WeakMap<z.ZodType, boolean>();

/** Whether any input `schema` accepts can carry warnings (to document them where they can appear). */
export function mayWarn(schema: z.ZodType): boolean {
  let known = warns.get(schema);
  if (known === undefined) {
    known = sources.has(schema) || nested(schema, undefined, true).some(([child]) => mayWarn(child));
    warns.set(schema, known);
  }
  return known;
}
