import { checkCertificateNumber, checkLegacyCertificateNumber, formatCertificateNumber, looksLikeLegacyCertificateNumber, zTitleNumber } from '../../src/domain/validators';
import { expectOk, expectRule, warningsOf } from './helpers';

const YEAR = 2025;
const TITLE = '川(2023)达州市不动产权第0001234号';

describe('checkCertificateNumber', () => {
  it('accepts a certificate of title and splits its fields', () => {
    const result = checkCertificateNumber(TITLE, YEAR);
    expect(expectOk(result)).toEqual({ province: '51', provinceAbbr: '川', year: 2023, issuer: '达州市', kind: 'TITLE', sequence: 1234 });
    expect(warningsOf(result)).toEqual([]);
  });

  it('accepts published registration-proof numbers', () => {
    expect(expectOk(checkCertificateNumber('皖(2019)长丰县不动产证明第0010484号', YEAR))).toMatchObject({
      province: '34',
      issuer: '长丰县',
      kind: 'PROOF',
      sequence: 10484,
    });
    expect(expectOk(checkCertificateNumber('浙(2024)杭州市不动产证明第0012345号', YEAR)).province).toBe('33');
  });

  it('accepts the published number with full-width parentheses 桂（2017）南宁市不动产证明第0208814号', () => {
    expect(expectOk(checkCertificateNumber('桂（2017）南宁市不动产证明第0208814号', YEAR))).toMatchObject({ province: '45', year: 2017, issuer: '南宁市' });
  });

  it('accepts a district as issuer, as Beijing uses', () => {
    expect(expectOk(checkCertificateNumber('京(2018)朝阳区不动产权第0000001号', YEAR)).issuer).toBe('朝阳区');
  });

  it('accepts both abbreviations of Guizhou and Yunnan', () => {
    expect(expectOk(checkCertificateNumber('贵(2020)贵阳市不动产权第0000001号', YEAR)).province).toBe('52');
    expect(expectOk(checkCertificateNumber('黔(2020)贵阳市不动产权第0000001号', YEAR)).province).toBe('52');
    expect(expectOk(checkCertificateNumber('云(2020)昆明市不动产权第0000001号', YEAR)).province).toBe('53');
    expect(expectOk(checkCertificateNumber('滇(2020)昆明市不动产权第0000001号', YEAR)).provinceAbbr).toBe('滇');
  });

  it('accepts the published short sequence 苏(2019)海门市不动产证明第020号 with warning CERT_NUMBER_SHORT_SEQUENCE', () => {
    const result = checkCertificateNumber('苏(2019)海门市不动产证明第020号', YEAR);
    expect(expectOk(result).sequence).toBe(20);
    expect(warningsOf(result)).toEqual(['CERT_NUMBER_SHORT_SEQUENCE']);
    expect(result.ok && result.warnings[0].message).toContain('0000020');
  });

  it('accepts 1- and 6-digit sequences with the warning', () => {
    expect(warningsOf(checkCertificateNumber('川(2023)达州市不动产权第1号', YEAR))).toEqual(['CERT_NUMBER_SHORT_SEQUENCE']);
    expect(warningsOf(checkCertificateNumber('川(2023)达州市不动产权第123456号', YEAR))).toEqual(['CERT_NUMBER_SHORT_SEQUENCE']);
  });

  it('accepts years 2015 and the current year', () => {
    expectOk(checkCertificateNumber('川(2015)达州市不动产权第0000001号', YEAR));
    expectOk(checkCertificateNumber('川(2025)达州市不动产权第0000001号', YEAR));
  });

  it('rejects 2014 (before unified registration) with CERT_NUMBER_YEAR', () => {
    expectRule(checkCertificateNumber('川(2014)达州市不动产权第0000001号', YEAR), 'CERT_NUMBER_YEAR');
  });

  it('rejects a year after the current year with CERT_NUMBER_YEAR', () => {
    expectRule(checkCertificateNumber('川(2026)达州市不动产权第0000001号', YEAR), 'CERT_NUMBER_YEAR');
    expectRule(checkCertificateNumber(TITLE, 2022), 'CERT_NUMBER_YEAR');
  });

  it('rejects an 8-digit sequence and sequence zero with CERT_NUMBER_SEQUENCE', () => {
    expectRule(checkCertificateNumber('川(2023)达州市不动产权第00012345号', YEAR), 'CERT_NUMBER_SEQUENCE');
    expectRule(checkCertificateNumber('川(2023)达州市不动产权第0000000号', YEAR), 'CERT_NUMBER_SEQUENCE');
  });

  it('rejects an unknown first character with CERT_NUMBER_PROVINCE', () => {
    for (const first of ['港', '台', '中', 'A']) {
      expectRule(checkCertificateNumber(`${first}(2023)达州市不动产权第0001234号`, YEAR), 'CERT_NUMBER_PROVINCE');
    }
  });

  it('rejects surrounding spaces, an empty string and full-width digits with CERT_NUMBER_FORMAT', () => {
    expectRule(checkCertificateNumber(` ${TITLE}`, YEAR), 'CERT_NUMBER_FORMAT');
    expectRule(checkCertificateNumber(`${TITLE} `, YEAR), 'CERT_NUMBER_FORMAT');
    expectRule(checkCertificateNumber('', YEAR), 'CERT_NUMBER_FORMAT');
    expectRule(checkCertificateNumber('川(２０２３)达州市不动产权第0001234号', YEAR), 'CERT_NUMBER_FORMAT');
    expectRule(checkCertificateNumber('川(2023)达州市不动产权第０００１２３４号', YEAR), 'CERT_NUMBER_FORMAT');
  });

  it('rejects structural mistakes with CERT_NUMBER_FORMAT', () => {
    const bad = [
      '川(2023)达州市 不动产权第0001234号', // space inside
      '川(2023)达州市不动产权第0001234', // no 号
      '川(2023)达州市不动产证第0001234号', // wrong kind word
      '川2023达州市不动产权第0001234号', // no parentheses
      '川[2023]达州市不动产权第0001234号', // brackets
      '川(23)达州市不动产权第0001234号', // 2-digit year
      '川(2023)市不动产权第0001234号', // 1-character issuer
      '川(2023)一二三四五六七八九十一二三四五六七八九十一不动产权第0001234号', // 21-character issuer
      '川(2023)达州市不动产权第号', // no sequence
      '川(2023)达州市不动产权第12a4号',
      '川川(2023)达州市不动产权第0001234号',
    ];
    for (const s of bad) expectRule(checkCertificateNumber(s, YEAR), 'CERT_NUMBER_FORMAT');
  });

  it('accepts a 20-character issuer', () => {
    expect(expectOk(checkCertificateNumber('川(2023)一二三四五六七八九十一二三四五六七八九十不动产权第0001234号', YEAR)).issuer).toHaveLength(20);
  });
});

describe('formatCertificateNumber', () => {
  it('formats a certificate of title with half-width parentheses and a 7-digit sequence', () => {
    expect(formatCertificateNumber({ provinceAbbr: '川', year: 2023, issuer: '达州市', kind: 'TITLE', sequence: 1234 })).toBe(TITLE);
  });

  it('formats a registration proof', () => {
    expect(formatCertificateNumber({ provinceAbbr: '川', year: 2023, issuer: '达州市', kind: 'PROOF', sequence: 1234 })).toBe(
      '川(2023)达州市不动产证明第0001234号',
    );
  });

  it('round-trips through checkCertificateNumber, normalising full-width parentheses', () => {
    const parsed = expectOk(checkCertificateNumber('桂（2017）南宁市不动产证明第0208814号', YEAR));
    expect(formatCertificateNumber(parsed)).toBe('桂(2017)南宁市不动产证明第0208814号');
  });

  it('formats the largest 7-digit sequence', () => {
    expect(formatCertificateNumber({ provinceAbbr: '京', year: 2024, issuer: '朝阳区', kind: 'TITLE', sequence: 9_999_999 })).toBe(
      '京(2024)朝阳区不动产权第9999999号',
    );
  });

  it('throws on parts that no valid number can have', () => {
    const base = { provinceAbbr: '川', year: 2023, issuer: '达州市', kind: 'TITLE', sequence: 1 } as const;
    expect(() => formatCertificateNumber({ ...base, sequence: 0 })).toThrow(RangeError);
    expect(() => formatCertificateNumber({ ...base, sequence: 10_000_000 })).toThrow(RangeError);
    expect(() => formatCertificateNumber({ ...base, sequence: 1.5 })).toThrow(RangeError);
    expect(() => formatCertificateNumber({ ...base, year: 2014 })).toThrow(RangeError);
    expect(() => formatCertificateNumber({ ...base, issuer: '达 州' })).toThrow(RangeError);
    expect(() => formatCertificateNumber({ ...base, issuer: '市' })).toThrow(RangeError);
    const untyped: { provinceAbbr: string } = { provinceAbbr: '港' };
    expect(() => formatCertificateNumber({ ...base, ...(untyped as { provinceAbbr: '川' }) })).toThrow(RangeError);
  });
});

describe('checkLegacyCertificateNumber (pre-2015 房屋所有权证 and 国有土地使用证)', () => {
  it('accepts a house ownership certificate number 达市房权证通川区字第0012345号', () => {
    expect(expectOk(checkLegacyCertificateNumber('达市房权证通川区字第0012345号', YEAR))).toEqual({
      legacyKind: 'HOUSE_OWNERSHIP', number: '达市房权证通川区字第0012345号', issuer: '达市/通川区', sequence: '0012345',
    });
    expect(expectOk(checkLegacyCertificateNumber('成房权证监证字第1234567号', YEAR)).issuer).toBe('成/监证');
  });

  it('accepts a land-use certificate number with its year (and a 出让 mark), read with half-width parentheses', () => {
    expect(expectOk(checkLegacyCertificateNumber('达市国用（2012）第01234号', YEAR))).toEqual({ legacyKind: 'LAND_USE', number: '达市国用(2012)第01234号', issuer: '达市', year: 2012, sequence: '01234' });
    expect(expectOk(checkLegacyCertificateNumber('京朝国用(2003出)第0123号', YEAR))).toMatchObject({ number: '京朝国用(2003出)第0123号', year: 2003 });
  });

  it('rejects a land-use year before 1987 or after the current year with CERT_NUMBER_YEAR', () => {
    expectRule(checkLegacyCertificateNumber('达市国用(1980)第01234号', YEAR), 'CERT_NUMBER_YEAR');
    expectRule(checkLegacyCertificateNumber('达市国用(2026)第01234号', YEAR), 'CERT_NUMBER_YEAR');
  });

  it('rejects other shapes with CERT_NUMBER_LEGACY_FORMAT', () => {
    for (const s of ['达市房权证通川区字号0012345号', '达市房权证字第0012345号', '达市房权证通川区字第12号', 'DZ房权证通川区字第0012345号', '达市国用2012第01234号']) {
      expectRule(checkLegacyCertificateNumber(s, YEAR), 'CERT_NUMBER_LEGACY_FORMAT');
    }
  });

  it('tells the old shapes from the unified one', () => {
    expect(looksLikeLegacyCertificateNumber('达市房权证通川区字第0012345号')).toBe(true);
    expect(looksLikeLegacyCertificateNumber('达市国用(2012)第01234号')).toBe(true);
    expect(looksLikeLegacyCertificateNumber(TITLE)).toBe(false);
  });
});

describe('zTitleNumber', () => {
  const schema = zTitleNumber(() => new Date('2025-06-01T00:00:00Z'));
  it('reads a unified number canonically and keeps an old one as printed, parentheses half-width', () => {
    expect(schema.parse('川（2023）达州市不动产权第1234号')).toBe('川(2023)达州市不动产权第0001234号');
    expect(schema.parse('达市房权证通川区字第0012345号')).toBe('达市房权证通川区字第0012345号');
    expect(schema.parse(' 达市国用（2012）第01234号 ')).toBe('达市国用(2012)第01234号');
    expect(schema.safeParse('达市房权证通川区第0012345号').success).toBe(false);
  });
});
