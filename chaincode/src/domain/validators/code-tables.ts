import { Check, checkFailed, checkPassed } from './result';

/**
 * Code tables of the real-estate registration database standard (TD/T 1066 不动产登记数据库标准)
 * that registers and their exports use: the code is what is stored, the label what a clerk reads.
 * Only the values a registry of urban units meets are listed; anything else is an unknown code.
 */
export type CodeTable = Readonly<Record<string, string>>;

/** 权利类型 QLLX. */
export const RIGHT_TYPE_CODES: CodeTable = Object.freeze({
  '1': '集体土地所有权',
  '2': '国家土地所有权',
  '3': '国有建设用地使用权',
  '4': '国有建设用地使用权/房屋（构筑物）所有权',
  '5': '宅基地使用权',
  '6': '宅基地使用权/房屋（构筑物）所有权',
  '7': '集体建设用地使用权',
  '8': '集体建设用地使用权/房屋（构筑物）所有权',
  '19': '地役权',
  '37': '抵押权',
  '99': '其他',
});

/** 房屋用途 FWYT. */
export const HOUSE_USE_CODES: CodeTable = Object.freeze({
  '10': '住宅',
  '11': '成套住宅',
  '12': '非成套住宅',
  '13': '集体宿舍',
  '20': '工业、交通、仓储',
  '30': '商业、金融、信息',
  '40': '教育、医疗、卫生、科研',
  '50': '文化、娱乐、体育',
  '60': '办公',
  '70': '军事',
  '80': '其他',
});

/** 房屋性质 FWXZ. */
export const HOUSE_NATURE_CODES: CodeTable = Object.freeze({
  '0': '市场化商品房',
  '1': '动迁房',
  '2': '配套商品房',
  '3': '公共租赁住房',
  '4': '廉租住房',
  '5': '限价普通商品住房',
  '6': '经济适用住房',
  '7': '定销商品房',
  '8': '集资建房',
  '9': '福利房',
  '99': '其他',
});

/** 证件种类 ZJZL: the kinds of identity document a party is registered with. */
export const ID_DOCUMENT_CODES: CodeTable = Object.freeze({
  '1': '居民身份证',
  '2': '港澳台身份证',
  '3': '护照',
  '4': '户口簿',
  '5': '军官证',
  '6': '组织机构代码',
  '7': '营业执照',
  '8': '统一社会信用代码',
  '99': '其他',
});

/** Checks that `code` is a key of `table`; `rule` and `label` name the table in the failure. */
export function checkCode(code: string, table: CodeTable, rule: string, label: string): Check<{ code: string; label: string }> {
  if (!Object.hasOwn(table, code)) return checkFailed(rule, `${code === '' ? 'An empty value' : code} is not a code of the ${label} table.`);
  return checkPassed({ code, label: table[code] });
}
