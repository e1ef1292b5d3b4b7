import { Check } from '../../src/domain/validators';

export function expectOk<T>(result: Check<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.rule}: ${result.message}`);
  return result.value;
}

export function expectRule<T>(result: Check<T>, rule: string): string {
  if (result.ok) throw new Error(`expected ${rule}, got ok ${JSON.stringify(result.value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  expect(result.rule).toBe(rule);
  // Messages are one English sentence for a clerk.
  expect(result.message).toMatch(/^[A-Z].*\.$/);
  return result.message;
}

/** The rules of an accepted value's warnings, each of whose messages is one sentence for a clerk. */
export function warningsOf<T>(result: Check<T>): string[] {
  if (!result.ok) throw new Error(`expected ok, got ${result.rule}: ${result.message}`);
  for (const w of result.warnings) expect(w.message).toMatch(/^[A-Z].*\.$/);
  return result.warnings.map((w) => w.rule);
}
