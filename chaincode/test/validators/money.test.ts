import { MAX_MONEY_FEN, checkMoney, checkTaxAmount, formatFen } from '../../src/domain/validators';
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

describe('checkTaxAmount', () => {
  it('accepts an amount equal to base × rate / 100', () => {
    expectOk(checkTaxAmount({ base: '1280000.00', rate: '1.5', amount: '19200.00' }));
    expectOk(checkTaxAmount({ base: '1000000', rate: '3', amount: '30000' }));
    expectOk(checkTaxAmount({ base: '1000000.00', rate: '0', amount: '0.00' }));
  });

  it('accepts either fen next to an exact product that falls between two fen', () => {
    // 1234.57 × 1.5 % = 18.51855
    expectOk(checkTaxAmount({ base: '1234.57', rate: '1.5', amount: '18.52' }));
    expectOk(checkTaxAmount({ base: '1234.57', rate: '1.5', amount: '18.51' }));
    expectRule(checkTaxAmount({ base: '1234.57', rate: '1.5', amount: '18.50' }), 'TAX_AMOUNT_MISMATCH');
    expectRule(checkTaxAmount({ base: '1234.57', rate: '1.5', amount: '18.53' }), 'TAX_AMOUNT_MISMATCH');
  });

  it('accepts only the exact fen when the product is a whole number of fen', () => {
    expectRule(checkTaxAmount({ base: '1280000.00', rate: '1.5', amount: '19200.01' }), 'TAX_AMOUNT_MISMATCH');
    expectRule(checkTaxAmount({ base: '1280000.00', rate: '1.5', amount: '19199.99' }), 'TAX_AMOUNT_MISMATCH');
  });

  it('rejects 1.00 for 3 % of 1000000 with TAX_AMOUNT_MISMATCH and names the expected amount', () => {
    expect(expectRule(checkTaxAmount({ base: '1000000.00', rate: '3', amount: '1.00' }), 'TAX_AMOUNT_MISMATCH')).toContain('30000.00');
  });

  it('is exact for the largest amounts and rates with 2 decimals', () => {
    expectOk(checkTaxAmount({ base: '999999999999.99', rate: '99.99', amount: '999899999999.99' }));
    expectOk(checkTaxAmount({ base: '999999999999.99', rate: '100', amount: '999999999999.99' }));
  });

  it('leaves malformed parts to their own fields', () => {
    expectOk(checkTaxAmount({ base: '1,000', rate: '3', amount: '1.00' }));
    expectOk(checkTaxAmount({ base: '1000', rate: 'three', amount: '1.00' }));
    expectOk(checkTaxAmount({ base: '1000', rate: '3', amount: '-1' }));
  });
});
