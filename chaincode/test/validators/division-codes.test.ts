import { PROVINCE_ABBREVIATIONS, PROVINCE_CODES, isMainlandProvinceCode, isProvinceAbbreviation, isProvinceCode } from '../../src/domain/validators';

describe('province codes', () => {
  it('list the 34 province-level divisions of GB/T 2260', () => {
    expect(Object.keys(PROVINCE_CODES)).toHaveLength(34);
    expect(PROVINCE_CODES['51']).toBe('四川省');
  });

  it('recognise valid codes from 11 to 82', () => {
    for (const code of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82']) {
      expect(isProvinceCode(code)).toBe(true);
    }
  });

  it('reject gaps, wrong lengths and object property names', () => {
    for (const code of ['00', '10', '16', '24', '38', '47', '55', '66', '72', '83', '1', '110', '', ' 11', 'constructor', 'toString']) {
      expect(isProvinceCode(code)).toBe(false);
    }
  });

  it('treat Taiwan, Hong Kong and Macao as outside mainland registration', () => {
    expect(['71', '81', '82'].map(isMainlandProvinceCode)).toEqual([false, false, false]);
    expect(isMainlandProvinceCode('11')).toBe(true);
  });
});

describe('PROVINCE_ABBREVIATIONS', () => {
  it('map both abbreviations of Guizhou and Yunnan', () => {
    expect([PROVINCE_ABBREVIATIONS.贵, PROVINCE_ABBREVIATIONS.黔]).toEqual(['52', '52']);
    expect([PROVINCE_ABBREVIATIONS.云, PROVINCE_ABBREVIATIONS.滇]).toEqual(['53', '53']);
  });

  it('cover every mainland province exactly, with 33 abbreviations', () => {
    expect(Object.keys(PROVINCE_ABBREVIATIONS)).toHaveLength(33);
    const covered = new Set(Object.values(PROVINCE_ABBREVIATIONS));
    const mainland = Object.keys(PROVINCE_CODES).filter(isMainlandProvinceCode);
    expect([...covered].sort()).toEqual(mainland.sort());
  });

  it('are recognised only as single known characters', () => {
    expect(isProvinceAbbreviation('川')).toBe(true);
    expect(['港', '澳', '台', '川川', '', 'constructor'].some(isProvinceAbbreviation)).toBe(false);
  });
});
