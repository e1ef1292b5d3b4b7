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

export function warningsOf<T>(result: Check<T>): string[] {
  if (!result.ok) throw new Error(`expected ok, got ${result.rule}: ${result.message}`);
  return result.warnings;
}
