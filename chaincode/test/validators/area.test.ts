import { MAX_AREA_CENTI_SQUARE_METRES, checkArea } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

describe('checkArea', () => {
  it('parses square metres with 0, 1 or 2 decimals into hundredths', () => {
    expect(expectOk(checkArea('89.57')).centiSquareMetres).toBe(8957);
    expect(expectOk(checkArea('89.5')).centiSquareMetres).toBe(8950);
    expect(expectOk(checkArea('120')).centiSquareMetres).toBe(12000);
  });

  it('accepts the smallest area 0.01', () => {
    expect(expectOk(checkArea('0.01')).centiSquareMetres).toBe(1);
  });

  it('accepts the largest area 1000000 and 1000000.00', () => {
    expect(expectOk(checkArea('1000000')).centiSquareMetres).toBe(MAX_AREA_CENTI_SQUARE_METRES);
    expect(expectOk(checkArea('1000000.00')).centiSquareMetres).toBe(100_000_000);
  });

  it('rejects areas above 1000000 with AREA_RANGE', () => {
    expectRule(checkArea('1000000.01'), 'AREA_RANGE');
    expectRule(checkArea('10000000'), 'AREA_RANGE');
    expectRule(checkArea('99999999999999999999999'), 'AREA_RANGE');
  });

  it('rejects zero and negative areas with AREA_RANGE', () => {
    expectRule(checkArea('0'), 'AREA_RANGE');
    expectRule(checkArea('0.00'), 'AREA_RANGE');
    expectRule(checkArea('-5'), 'AREA_RANGE');
  });

  it('rejects more than 2 decimals with AREA_FORMAT', () => {
    expectRule(checkArea('89.575'), 'AREA_FORMAT');
  });

  it('rejects units, separators, exponents, leading zeros and bare points with AREA_FORMAT', () => {
    for (const s of ['89㎡', '89m2', '1,000', '89,57', '1e3', '+89', '089', '89.', '.5', 'NaN', '８９']) {
      expectRule(checkArea(s), 'AREA_FORMAT');
    }
  });

  it('rejects an empty string and surrounding spaces with AREA_FORMAT', () => {
    expectRule(checkArea(''), 'AREA_FORMAT');
    expectRule(checkArea(' 89.57'), 'AREA_FORMAT');
    expectRule(checkArea('89.57 '), 'AREA_FORMAT');
  });
});
