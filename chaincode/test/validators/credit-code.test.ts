import { CREDIT_CODE_CHARSET, checkCreditCode, creditCodeCheckChar, orgCodeCheckChar } from '../../src/domain/validators';
import { expectOk, expectRule, warningsOf } from './helpers';

/** A code with both check characters computed: authority+category, division, 8-character org body. */
const code = (head: string, division: string, orgBody: string): string => {
  const first17 = head + division + orgBody + orgCodeCheckChar(orgBody);
  return first17 + creditCodeCheckChar(first17);
};
const BEIJING = code('91', '110000', '10000888');

describe('creditCodeCheckChar and orgCodeCheckChar', () => {
  it('reproduce the check characters of the published code 91350100M000100Y43', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('map an organisation-code remainder of 10 to X and 11 to 0', () => {
    expect(orgCodeCheckChar('10000018')).toBe('X');
    expect(orgCodeCheckChar('10000004')).toBe('0');
  });

  it('map a MOD 31 sum of zero to check character 0', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('throw on input outside their charsets or of the wrong length', () => {
    expect(() => creditCodeCheckChar('9135010')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100I4')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('M000100')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('m000100y')).toThrow(RangeError);
  });

  it('use the 31-character charset without I, O, S, V, Z', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    expect(CREDIT_CODE_CHARSET).not.toMatch(/[IOSVZ]/);
  });
});

describe('checkCreditCode', () => {
  it('accepts the published code 91350100M000100Y43 and splits its fields', () => {
    const result = checkCreditCode('91350100M000100Y43');
    expect(expectOk(result)).toEqual({ authority: '9', category: '1', division: '350100', orgCode: 'M000100Y4' });
    expect(warningsOf(result)).toEqual([]);
  });

  it('accepts published enterprise codes of Shenzhen and Hangzhou companies', () => {
    for (const published of ['914403001922038216', '91440300708461136T', '91330100799655058B']) {
      expect(warningsOf(checkCreditCode(published))).toEqual([]);
    }
  });

  it('accepts codes computed with both check functions', () => {
    expect(BEIJING).toBe('91110000100008886U');
    expect(expectOk(checkCreditCode(BEIJING)).orgCode).toBe('100008886');
    expectOk(checkCreditCode(code('92', '510104', 'MA6CXY12')));
    expectOk(checkCreditCode(code('52', '330106', '50000011')));
  });

  it('accepts an embedded organisation code whose check character is X', () => {
    expect(expectOk(checkCreditCode(code('91', '110000', '10000018'))).orgCode).toBe('10000018X');
  });

  it('accepts the central-level division 100000', () => {
    expect(expectOk(checkCreditCode(code('11', '100000', '00001312'))).division).toBe('100000');
  });

  it('accepts documented early pilot codes that fail MOD 31 with warning CREDIT_CODE_CHECKSUM_PILOT', () => {
    // From aarioai/id-rule chinese_org_id.go: printed M / 6 / P where the standard computes 1 / R / J.
    for (const [pilot, computed] of [
      ['91350100M0001TGQXM', '1'],
      ['91350211M0000XUF46', 'R'],
      ['91350203M0001FUE2P', 'J'],
    ]) {
      expect(creditCodeCheckChar(pilot.slice(0, 17))).toBe(computed);
      expect(warningsOf(checkCreditCode(pilot))).toEqual(['CREDIT_CODE_CHECKSUM_PILOT']);
    }
  });

  it('rejects a wrong final check character with CREDIT_CODE_CHECKSUM when the code is not of the pilot shape', () => {
    const wrongLast = (valid: string) => valid.slice(0, 17) + (valid[17] === 'A' ? 'B' : 'A');
    expectRule(checkCreditCode(wrongLast(BEIJING)), 'CREDIT_CODE_CHECKSUM');
    expectRule(checkCreditCode(wrongLast('91440300708461136T')), 'CREDIT_CODE_CHECKSUM');
    // Each part of the pilot shape matters: Fujian, an enterprise (91) and a body starting M0.
    expectRule(checkCreditCode(wrongLast(code('91', '440300', 'M0001TGQ'))), 'CREDIT_CODE_CHECKSUM');
    expectRule(checkCreditCode(wrongLast(code('92', '350100', 'M0001TGQ'))), 'CREDIT_CODE_CHECKSUM');
    expectRule(checkCreditCode(wrongLast(code('91', '350100', 'MA001TGQ'))), 'CREDIT_CODE_CHECKSUM');
  });

  it('warns on any wrong check character of a code of the pilot shape, and not on a right one', () => {
    const pilotShaped = code('91', '350102', 'M0002ABC');
    expect(warningsOf(checkCreditCode(pilotShaped))).toEqual([]);
    expect(warningsOf(checkCreditCode(pilotShaped.slice(0, 17) + (pilotShaped[17] === 'A' ? 'B' : 'A')))).toEqual(['CREDIT_CODE_CHECKSUM_PILOT']);
  });

  it('checks the embedded organisation code before the pilot exception', () => {
    expectRule(checkCreditCode('91350100M0001TGQ5M'), 'CREDIT_CODE_ORG_CHECKSUM');
  });

  it('rejects 911100001000088885, whose embedded organisation code fails, with CREDIT_CODE_ORG_CHECKSUM', () => {
    expectRule(checkCreditCode('911100001000088885'), 'CREDIT_CODE_ORG_CHECKSUM');
  });

  it('rejects a single changed character in positions 9-17 with CREDIT_CODE_ORG_CHECKSUM', () => {
    expectRule(checkCreditCode('91350100M000200Y43'), 'CREDIT_CODE_ORG_CHECKSUM');
    expectRule(checkCreditCode('91350100M000100Y53'), 'CREDIT_CODE_ORG_CHECKSUM');
  });

  it('rejects 17 and 19 characters with CREDIT_CODE_LENGTH', () => {
    expectRule(checkCreditCode('91350100M000100Y4'), 'CREDIT_CODE_LENGTH');
    expectRule(checkCreditCode('91350100M000100Y430'), 'CREDIT_CODE_LENGTH');
  });

  it('rejects each excluded letter I, O, S, V, Z with CREDIT_CODE_CHARSET', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
      expectRule(checkCreditCode(`91350100M000100${letter}43`), 'CREDIT_CODE_CHARSET');
    }
  });

  it('rejects lowercase letters with CREDIT_CODE_CHARSET and says they must be uppercase', () => {
    expect(expectRule(checkCreditCode('91350100m000100y43'), 'CREDIT_CODE_CHARSET')).toContain('uppercase');
  });

  it('rejects punctuation with CREDIT_CODE_CHARSET', () => {
    expectRule(checkCreditCode('91350100-000100Y43'), 'CREDIT_CODE_CHARSET');
  });

  it('rejects an empty string, surrounding spaces and full-width characters with CREDIT_CODE_FORMAT', () => {
    expectRule(checkCreditCode(''), 'CREDIT_CODE_FORMAT');
    expectRule(checkCreditCode(' 91350100M000100Y43'), 'CREDIT_CODE_FORMAT');
    expectRule(checkCreditCode('91350100M000100Y43 '), 'CREDIT_CODE_FORMAT');
    expectRule(checkCreditCode('９1350100M000100Y43'), 'CREDIT_CODE_FORMAT');
    expectRule(checkCreditCode('91350100Ｍ000100Y43'), 'CREDIT_CODE_FORMAT');
  });

  it('rejects letters or an unknown province in characters 3-8 with CREDIT_CODE_DIVISION', () => {
    expectRule(checkCreditCode(code('91', '35A100', 'M000100Y')), 'CREDIT_CODE_DIVISION');
    expectRule(checkCreditCode(code('91', '000000', 'M000100Y')), 'CREDIT_CODE_DIVISION');
    expectRule(checkCreditCode(code('91', '990100', 'M000100Y')), 'CREDIT_CODE_DIVISION');
    expectRule(checkCreditCode(code('91', '810000', 'M000100Y')), 'CREDIT_CODE_DIVISION');
  });
});
