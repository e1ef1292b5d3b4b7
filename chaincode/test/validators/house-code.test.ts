import { checkHouseCode } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

describe('checkHouseCode', () => {
  it('accepts letters, digits and hyphens', () => {
    expect(expectOk(checkHouseCode('510102-0012-0301'))).toEqual({ houseCode: '510102-0012-0301' });
    expectOk(checkHouseCode('HF2023a01'));
  });

  it('accepts 1 and 40 characters', () => {
    expectOk(checkHouseCode('7'));
    expectOk(checkHouseCode('A'.repeat(40)));
  });

  it('rejects 41 characters with HOUSE_CODE_LENGTH', () => {
    expectRule(checkHouseCode('A'.repeat(41)), 'HOUSE_CODE_LENGTH');
  });

  it('rejects an empty string with HOUSE_CODE_FORMAT', () => {
    expectRule(checkHouseCode(''), 'HOUSE_CODE_FORMAT');
  });

  it('rejects other characters, spaces and full-width characters with HOUSE_CODE_FORMAT', () => {
    for (const s of ['A_1', 'A 1', 'A.1', '房1', ' A1', 'A1 ', 'Ａ1', 'A1\n']) expectRule(checkHouseCode(s), 'HOUSE_CODE_FORMAT');
  });
});
