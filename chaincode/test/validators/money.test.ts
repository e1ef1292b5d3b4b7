import { MAX_MONEY_FEN, checkMoney, formatFen } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

describe('checkMoney', () => {
  it('parses yuan with 0, 1 or 2 decimals exactly into fen', () => {
    expect(expectOk(checkMoney('1250000')).fen).toBe(125_000_000n);
    expect(expectOk(checkMoney('1250000.5')).fen).toBe(125_000_050n);
    expect(expectOk(checkMoney('1250000.05')).fen).toBe(125_000_005n);
    expect(expectOk(checkMoney('0.1')).fen).toBe(10n);
  });

  it('accepts the smallest amount 0.01', () => {
    expect(expectOk(checkMoney('0.01')).fen).toBe(1n);
  });

  it('accepts the largest amount 999999999999.99 without losing precision', () => {
    expect(expectOk(checkMoney('999999999999.99')).fen).toBe(MAX_MONEY_FEN);
    expect(MAX_MONEY_FEN).toBe(99_999_999_999_999n);
  });

  it('rejects 1000000000000 and more with MONEY_RANGE', () => {
    expectRule(checkMoney('1000000000000'), 'MONEY_RANGE');
    expectRule(checkMoney('1000000000000.00'), 'MONEY_RANGE');
    expectRule(checkMoney('99999999999999999999'), 'MONEY_RANGE');
  });

  it('rejects zero with MONEY_RANGE unless allowZero', () => {
    expectRule(checkMoney('0'), 'MONEY_RANGE');
    expectRule(checkMoney('0.00'), 'MONEY_RANGE');
    expect(expectOk(checkMoney('0', { allowZero: true })).fen).toBe(0n);
    expect(expectOk(checkMoney('0.0', { allowZero: true })).fen).toBe(0n);
  });

  it('rejects negative amounts with MONEY_RANGE even when zero is allowed', () => {
    expectRule(checkMoney('-1'), 'MONEY_RANGE');
    expectRule(checkMoney('-0.01', { allowZero: true }), 'MONEY_RANGE');
  });

  it('rejects more than 2 decimals with MONEY_FORMAT', () => {
    expectRule(checkMoney('1.234'), 'MONEY_FORMAT');
    expectRule(checkMoney('0.001'), 'MONEY_FORMAT');
  });

  it('rejects separators, currency signs, exponents and signs with MONEY_FORMAT', () => {
    for (const s of ['1,000.00', '¥100', '100元', '1e5', '+5', '1 000', '１００', 'NaN', 'Infinity', '0x10']) {
      expectRule(checkMoney(s), 'MONEY_FORMAT');
    }
  });

  it('rejects leading zeros, a bare point and missing integer part with MONEY_FORMAT', () => {
    for (const s of ['01', '00.5', '1.', '.5', '.']) expectRule(checkMoney(s), 'MONEY_FORMAT');
  });

  it('rejects an empty string and surrounding spaces with MONEY_FORMAT', () => {
    expectRule(checkMoney(''), 'MONEY_FORMAT');
    expectRule(checkMoney(' 100'), 'MONEY_FORMAT');
    expectRule(checkMoney('100 '), 'MONEY_FORMAT');
  });
});

describe('formatFen', () => {
  it('writes canonical yuan with 2 decimals', () => {
    expect(formatFen(125_000_000n)).toBe('1250000.00');
    expect(formatFen(1n)).toBe('0.01');
    expect(formatFen(10n)).toBe('0.10');
    expect(formatFen(0n)).toBe('0.00');
    expect(formatFen(MAX_MONEY_FEN)).toBe('999999999999.99');
  });

  it('keeps the sign of a negative amount', () => {
    expect(formatFen(-150n)).toBe('-1.50');
    expect(formatFen(-5n)).toBe('-0.05');
  });

  it('round-trips through checkMoney', () => {
    for (const fen of [1n, 99n, 100n, 123_456_789n, MAX_MONEY_FEN]) {
      expect(expectOk(checkMoney(formatFen(fen))).fen).toBe(fen);
    }
  });
});
