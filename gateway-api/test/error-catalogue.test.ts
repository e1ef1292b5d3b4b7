import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_CODES } from '@estate-ledger/chaincode';
import { toApiError } from '../src/http/api-error';
import { ERROR_CATALOGUE } from '../src/http/error-catalogue';
import { LedgerRuleRefusal } from '../src/ledger/ledger-errors';

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('the error catalogue: one status per code, every code documented', () => {
  it('gives every gateway ApiError the status the catalogue documents for its code', () => {
    const thrown = sources(join(__dirname, '..', 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new ApiError\((\d{3}), '([A-Z_]+)'/g)].map((m) => ({ file: file.split('/src/')[1], status: Number(m[1]), code: m[2] })),
    );
    expect(thrown.length).toBeGreaterThan(20);
    const wrong = thrown.filter((t) => ERROR_CATALOGUE[t.code as keyof typeof ERROR_CATALOGUE]?.status !== t.status);
    expect(wrong).toEqual([]);
  });

  it('answers every chaincode refusal with its catalogue entry, input refusals as VALIDATION_FAILED', () => {
    for (const code of RULE_CODES) {
      const e = toApiError(new LedgerRuleRefusal(code, 'refused'));
      const expected = code === 'INVALID_INPUT' ? 'VALIDATION_FAILED' : code;
      expect({ code: e.code, status: e.status }).toEqual({ code: expected, status: ERROR_CATALOGUE[expected].status });
    }
    expect(Object.entries(ERROR_CATALOGUE).filter(([, e]) => e.status === 400).map(([code]) => code)).toEqual(['VALIDATION_FAILED']);
  });
});
