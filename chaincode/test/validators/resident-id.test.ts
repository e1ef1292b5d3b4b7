import { checkResidentId, maskName, maskResidentId, residentIdCheckChar } from '../../src/domain/validators';
import { expectOk, expectRule, warningsOf } from './helpers';

const TODAY = new Date('2025-06-15T04:00:00Z');
const id = (first17: string): string => first17 + residentIdCheckChar(first17);
const wrongCheck = (valid: string): string => valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');

describe('residentIdCheckChar', () => {
  it('computes X for the published example 11010519491231002X', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('computes digit check characters consistent with the MOD 11-2 weights', () => {
    // S = 1*7 + 1*9 + ... with only position 1 set to 1: S = 7, 7 mod 11 = 7 -> "10X98765432"[7] = 5
    expect(residentIdCheckChar('10000000000000000')).toBe('5');
    expect(residentIdCheckChar('00000000000000000')).toBe('1');
    expect(residentIdCheckChar('00000000000000001')).toBe('X'); // S = 2 -> X
  });

  it('throws on anything other than 17 ASCII digits', () => {
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('checkResidentId', () => {
  it('accepts the published example 11010519491231002X with check character X', () => {
    expect(expectOk(checkResidentId('11010519491231002X', TODAY))).toEqual({ province: '11', birthDate: '1949-12-31', sex: 'F' });
  });

  it('accepts an ID with a digit check character and reads an odd sequence as male', () => {
    const value = expectOk(checkResidentId(id('51010219900307123'), TODAY));
    expect(value).toEqual({ province: '51', birthDate: '1990-03-07', sex: 'M' });
  });

  it('reads an even sequence digit as female', () => {
    expect(expectOk(checkResidentId(id('44030419851120002'), TODAY)).sex).toBe('F');
  });

  it('returns no warnings for a valid ID', () => {
    const result = checkResidentId('11010519491231002X', TODAY);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('rejects a wrong check character with RESIDENT_ID_CHECKSUM', () => {
    expectRule(checkResidentId('110105194912310021', TODAY), 'RESIDENT_ID_CHECKSUM');
    expectRule(checkResidentId(wrongCheck(id('51010219900307123')), TODAY), 'RESIDENT_ID_CHECKSUM');
  });

  it('rejects a transposition of two digits with RESIDENT_ID_CHECKSUM', () => {
    expectRule(checkResidentId('11010519491231020X', TODAY), 'RESIDENT_ID_CHECKSUM');
  });

  it('rejects a lowercase x check character with RESIDENT_ID_FORMAT', () => {
    const message = expectRule(checkResidentId('11010519491231002x', TODAY), 'RESIDENT_ID_FORMAT');
    expect(message).toContain('uppercase X');
  });

  it('rejects 17 and 19 characters with RESIDENT_ID_LENGTH', () => {
    expectRule(checkResidentId('11010519491231002', TODAY), 'RESIDENT_ID_LENGTH');
    expectRule(checkResidentId('11010519491231002X0', TODAY), 'RESIDENT_ID_LENGTH');
  });

  it('rejects a 15-digit legacy number with RESIDENT_ID_LENGTH and says it must be upgraded', () => {
    expect(expectRule(checkResidentId('110105491231002', TODAY), 'RESIDENT_ID_LENGTH')).toContain('15-digit');
  });

  it('rejects an empty string with RESIDENT_ID_FORMAT', () => {
    expectRule(checkResidentId('', TODAY), 'RESIDENT_ID_FORMAT');
  });

  it('rejects leading or trailing spaces with RESIDENT_ID_FORMAT', () => {
    expect(expectRule(checkResidentId(' 11010519491231002X', TODAY), 'RESIDENT_ID_FORMAT')).toContain('spaces');
    expectRule(checkResidentId('11010519491231002X ', TODAY), 'RESIDENT_ID_FORMAT');
    expectRule(checkResidentId('11010519491231002X\n', TODAY), 'RESIDENT_ID_FORMAT');
  });

  it('rejects full-width digits with RESIDENT_ID_FORMAT', () => {
    expect(expectRule(checkResidentId('１１０１０５19491231002X', TODAY), 'RESIDENT_ID_FORMAT')).toContain('full-width');
    expectRule(checkResidentId('11010519491231002Ｘ', TODAY), 'RESIDENT_ID_FORMAT');
  });

  it('rejects letters other than a final X with RESIDENT_ID_FORMAT', () => {
    expectRule(checkResidentId('1101051949123100AX', TODAY), 'RESIDENT_ID_FORMAT');
    expectRule(checkResidentId('X1010519491231002X', TODAY), 'RESIDENT_ID_FORMAT');
    expectRule(checkResidentId('11010519491231002Y', TODAY), 'RESIDENT_ID_FORMAT');
    expectRule(checkResidentId('11010519491231002-', TODAY), 'RESIDENT_ID_FORMAT');
  });

  it('rejects an unknown province code with RESIDENT_ID_PROVINCE even when the checksum is right', () => {
    for (const prefix of ['00', '10', '16', '20', '39', '55', '66', '70', '80', '84', '99']) {
      expectRule(checkResidentId(id(`${prefix}010519491231002`), TODAY), 'RESIDENT_ID_PROVINCE');
    }
  });

  it('accepts Hong Kong, Macao and Taiwan residence permits (81, 82, 83)', () => {
    expect(expectOk(checkResidentId(id('81000019880101002'), TODAY)).province).toBe('81');
    expect(expectOk(checkResidentId(id('82000019880101002'), TODAY)).province).toBe('82');
    expect(expectOk(checkResidentId(id('83000019880101002'), TODAY)).province).toBe('83');
  });

  it('accepts a foreign permanent-residence ID starting with 9 and reports its issuing province', () => {
    // 9 + issuing province 11 + nationality 840 + birth date + sequence
    expect(expectOk(checkResidentId(id('91184019800101001'), TODAY))).toEqual({ province: '11', birthDate: '1980-01-01', sex: 'M' });
  });

  it('rejects a foreign permanent-residence ID whose issuing province is not a mainland province', () => {
    expectRule(checkResidentId(id('90084019800101001'), TODAY), 'RESIDENT_ID_PROVINCE');
    expectRule(checkResidentId(id('98184019800101001'), TODAY), 'RESIDENT_ID_PROVINCE');
  });

  it('rejects a 30 February birth date with RESIDENT_ID_BIRTH_DATE', () => {
    expectRule(checkResidentId(id('11010519900230002'), TODAY), 'RESIDENT_ID_BIRTH_DATE');
  });

  it('rejects 31 April, month 13, month 00 and day 00 with RESIDENT_ID_BIRTH_DATE', () => {
    for (const date of ['19900431', '19901301', '19900001', '19900100', '19900132']) {
      expectRule(checkResidentId(id(`110105${date}002`), TODAY), 'RESIDENT_ID_BIRTH_DATE');
    }
  });

  it('accepts 29 February of a leap year and rejects it in 1900 and 2001', () => {
    expect(expectOk(checkResidentId(id('11010520000229002'), TODAY)).birthDate).toBe('2000-02-29');
    expectRule(checkResidentId(id('11010519000229002'), TODAY), 'RESIDENT_ID_BIRTH_DATE');
    expectRule(checkResidentId(id('11010520010229002'), TODAY), 'RESIDENT_ID_BIRTH_DATE');
  });

  it('accepts 1900-01-01 without a warning and 1899-12-31 with warning RESIDENT_ID_BIRTH_BEFORE_1900', () => {
    expect(warningsOf(checkResidentId(id('11010519000101002'), TODAY))).toEqual([]);
    const legacy = checkResidentId(id('11010518991231002'), TODAY);
    expect(expectOk(legacy).birthDate).toBe('1899-12-31');
    expect(warningsOf(legacy)).toEqual(['RESIDENT_ID_BIRTH_BEFORE_1900']);
    expect(legacy.ok && legacy.warnings[0].message).toContain('1899-12-31');
  });

  it('accepts any existing birth date before 1900 with the warning, and still checks it and the checksum', () => {
    expect(warningsOf(checkResidentId(id('11010518960229002'), TODAY))).toEqual(['RESIDENT_ID_BIRTH_BEFORE_1900']);
    expect(warningsOf(checkResidentId(id('11010500010101002'), TODAY))).toEqual(['RESIDENT_ID_BIRTH_BEFORE_1900']);
    expectRule(checkResidentId(id('11010518990229002'), TODAY), 'RESIDENT_ID_BIRTH_DATE');
    expectRule(checkResidentId(wrongCheck(id('11010518991231002')), TODAY), 'RESIDENT_ID_CHECKSUM');
  });

  it('accepts a birth date of today and rejects tomorrow with RESIDENT_ID_BIRTH_DATE', () => {
    expect(expectOk(checkResidentId(id('11010520250615002'), TODAY)).birthDate).toBe('2025-06-15');
    expect(expectRule(checkResidentId(id('11010520250616002'), TODAY), 'RESIDENT_ID_BIRTH_DATE')).toContain('future');
  });

  it('takes "today" as the calendar date in China (UTC+8), not UTC', () => {
    // 16:30 UTC on 1 June is already 2 June in Beijing.
    const lateUtc = new Date('2024-06-01T16:30:00Z');
    expectOk(checkResidentId(id('11010520240602002'), lateUtc));
    expectRule(checkResidentId(id('11010520240603002'), lateUtc), 'RESIDENT_ID_BIRTH_DATE');
  });

  it('checks structure before the checksum, so a bad birth date is reported as such', () => {
    expectRule(checkResidentId('110105199002300021', TODAY), 'RESIDENT_ID_BIRTH_DATE');
  });
});

describe('maskResidentId', () => {
  it('keeps the first 4 and last 4 characters of an 18-character ID', () => {
    expect(maskResidentId('510104199003071234')).toBe('5101**********1234');
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
  });

  it('masks every character of an input too short to show 8', () => {
    expect(maskResidentId('12345678')).toBe('********');
    expect(maskResidentId('')).toBe('');
  });
});

describe('maskName', () => {
  it('masks the second character of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  it('keeps first and last characters of longer names', () => {
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('阿依古丽·买买提')).toBe('阿******提');
  });

  it('counts a supplementary-plane character as one character', () => {
    expect(maskName('𪚥三')).toBe('𪚥*');
  });

  it('masks a one-character name completely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('keeps only the first letter of a Latin name', () => {
    expect(maskName('John Smith')).toBe('J*********');
    expect(maskName('Li')).toBe('L*');
  });

  it('ignores surrounding spaces', () => {
    expect(maskName(' 张三 ')).toBe('张*');
    expect(maskName('  ')).toBe('');
  });
});
