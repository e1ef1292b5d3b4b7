import { addDays, creditCodeCheckChar, orgCodeCheckChar, residentIdCheckChar, CREDIT_CODE_CHARSET, type ProvinceAbbreviation } from '@estate-ledger/chaincode';
import type { SeededRandom } from './seeded-random';

/** Real county-level divisions a generated registry covers, with what certificates print for them. */
export interface County {
  code: string;
  name: string;
  city: string;
  abbr: ProvinceAbbreviation;
  courtPrefix: string;
}

export const COUNTIES: readonly County[] = [
  { code: '510104', name: '锦江区', city: '成都市', abbr: '川', courtPrefix: '川0104' },
  { code: '510107', name: '武侯区', city: '成都市', abbr: '川', courtPrefix: '川0107' },
  { code: '511702', name: '通川区', city: '达州市', abbr: '川', courtPrefix: '川1702' },
  { code: '440305', name: '南山区', city: '深圳市', abbr: '粤', courtPrefix: '粤0305' },
  { code: '330106', name: '西湖区', city: '杭州市', abbr: '浙', courtPrefix: '浙0106' },
  { code: '320102', name: '玄武区', city: '南京市', abbr: '苏', courtPrefix: '苏0102' },
  { code: '420106', name: '武昌区', city: '武汉市', abbr: '鄂', courtPrefix: '鄂0106' },
  { code: '370102', name: '历下区', city: '济南市', abbr: '鲁', courtPrefix: '鲁0102' },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文斌志红玉梅辉鹏飞宇浩然子涵欣怡思雨梓轩';

export function personName(rng: SeededRandom): string {
  const surname = rng.pick(Array.from(SURNAMES));
  const given = Array.from(GIVEN);
  return surname + rng.pick(given) + (rng.chance(0.7) ? rng.pick(given) : '');
}

/** A valid 18-digit resident ID of someone born between 1940 and 2000. */
export function residentId(rng: SeededRandom): string {
  const county = rng.pick(COUNTIES).code;
  const birth = addDays('1940-01-01', rng.int(0, 21900)).replace(/-/g, '');
  const first17 = county + birth + String(rng.int(1, 999)).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}

/** A valid unified social credit code of an enterprise (91) registered in `division`. */
export function creditCode(rng: SeededRandom, division: string): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(rng.int(0, 9));
  const first17 = '91' + division + body + orgCodeCheckChar(body);
  return first17 + creditCodeCheckChar(first17);
}

/** The same code with a different check character: the typing mistake the checksum exists to catch. */
export function withWrongCheckChar(code: string, charset: string): string {
  const last = code[code.length - 1];
  const other = charset[(charset.indexOf(last) + 1) % charset.length];
  return code.slice(0, -1) + other;
}

export const RESIDENT_ID_CHECK_CHARS = '0123456789X';
export { CREDIT_CODE_CHARSET };

export const BANKS = ['中国工商银行股份有限公司', '中国建设银行股份有限公司', '中国农业银行股份有限公司', '中国银行股份有限公司', '招商银行股份有限公司', '交通银行股份有限公司'];
export const DEVELOPERS = ['置业有限公司', '房地产开发有限公司', '实业集团有限公司'];
export const ROADS = ['人民南路', '天府大道', '建设路', '解放路', '中山路', '和平街', '光明路', '滨江路', '文化路', '长江路', '春熙路', '新华大道'];
export const ESTATES = ['锦绣花园', '阳光城', '翡翠湾', '御景苑', '金色家园', '万象府', '春天里', '天悦府'];
export const STRUCTURES = ['钢筋混凝土结构', '混合结构', '钢结构'];

const CHINESE_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 15 → 十五, 23 → 二十三, 105 → 一百零五: how addresses write numbers in words. */
export function chineseNumeral(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n];
  if (n < 20) return '十' + (n % 10 === 0 ? '' : CHINESE_DIGITS[n % 10]);
  if (n < 100) return CHINESE_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 === 0 ? '' : CHINESE_DIGITS[n % 10]);
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? '零' + CHINESE_DIGITS[rest] : rest < 20 ? '一' + chineseNumeral(rest) : chineseNumeral(rest);
  return CHINESE_DIGITS[Math.floor(n / 100)] + '百' + tail;
}

/** ASCII digits as full-width ones (１５０２), as text typed with a Chinese IME often has them. */
export function fullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}
