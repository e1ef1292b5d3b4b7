import { Check, checkFailed, checkPassed } from './result';

/** Province-level codes of GB/T 2260 (first two digits of a division code). */
export const PROVINCE_CODES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
});

const NOT_MAINLAND = new Set(['71', '81', '82']);

export function isProvinceCode(code2: string): boolean {
  return /^\d{2}$/.test(code2) && Object.hasOwn(PROVINCE_CODES, code2);
}

/** Provinces where the mainland registration system (and so unit numbers and certificates) applies. */
export function isMainlandProvinceCode(code2: string): boolean {
  return isProvinceCode(code2) && !NOT_MAINLAND.has(code2);
}

/** One-character abbreviations printed at the start of certificate numbers; 贵/黔 and 云/滇 are both in use. */
export const PROVINCE_ABBREVIATIONS = Object.freeze({
  京: '11',
  津: '12',
  冀: '13',
  晋: '14',
  蒙: '15',
  辽: '21',
  吉: '22',
  黑: '23',
  沪: '31',
  苏: '32',
  浙: '33',
  皖: '34',
  闽: '35',
  赣: '36',
  鲁: '37',
  豫: '41',
  鄂: '42',
  湘: '43',
  粤: '44',
  桂: '45',
  琼: '46',
  渝: '50',
  川: '51',
  贵: '52',
  黔: '52',
  云: '53',
  滇: '53',
  藏: '54',
  陕: '61',
  甘: '62',
  青: '63',
  宁: '64',
  新: '65',
} as const);

export type ProvinceAbbreviation = keyof typeof PROVINCE_ABBREVIATIONS;

export function isProvinceAbbreviation(s: string): s is ProvinceAbbreviation {
  return Object.hasOwn(PROVINCE_ABBREVIATIONS, s);
}

/**
 * A GB/T 2260 county-level division code of the mainland: six digits, a mainland province, and
 * neither the prefecture (digits 3-4) nor the county (digits 5-6) part 00, which would name the
 * province or the prefecture itself.
 */
export function checkCountyCode(s: string): Check<{ province: string }> {
  if (!/^\d{6}$/.test(s)) return checkFailed('DIVISION_CODE_FORMAT', 'A division code has six digits.');
  if (!isMainlandProvinceCode(s.slice(0, 2)) || s.slice(2, 4) === '00' || s.slice(4, 6) === '00') {
    return checkFailed('DIVISION_CODE_LEVEL', `${s} is not a county-level division code of the mainland.`);
  }
  return checkPassed({ province: s.slice(0, 2) });
}
