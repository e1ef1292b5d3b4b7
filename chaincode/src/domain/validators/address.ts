/**
 * Chinese house addresses as building tables and registers write them, reduced to comparable
 * parts: 幢/栋/号楼/座 (building), 单元 (entrance), 层/楼 (floor), 室/号/户 (room). Full-width
 * forms are read as half-width and Chinese numerals (一…九十, 两, 〇/零, up to 9999) as digits.
 */
export interface AddressParts {
  /** What precedes the building: road, number, estate name (digits kept), without spaces and punctuation. */
  base: string;
  building?: number;
  entrance?: number;
  floor?: number;
  /** Room digits as written, leading zeros dropped (0101 and 101 are the same room). */
  room?: string;
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 → 12, 二十 → 20, 一百零一 → 101, 一〇一 → 101 (digit by digit when no 十/百/千 appears). */
function chineseNumber(text: string): number {
  if (![...text].some((c) => c in UNIT)) return Number([...text].map((c) => DIGIT[c]).join(''));
  let total = 0;
  let digit = 0;
  for (const c of text) {
    if (c in DIGIT) digit = DIGIT[c];
    else {
      total += (digit === 0 && c === '十' ? 1 : digit) * UNIT[c];
      digit = 0;
    }
  }
  return total + digit;
}

/** The text with full-width forms half-width and every run of Chinese numerals as Arabic digits. */
export function normaliseAddressText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[零〇一二两三四五六七八九十百千]+/g, (run) => String(chineseNumber(run)))
    .replace(/[\s·,，.。、\-—_#()（）]/g, '');
}

const BUILDING = /(\d+)(?:号楼|栋|幢|座|号?楼(?=\d+单元))/;
const ENTRANCE = /(\d+)单元/;
const FLOOR = /(\d+)(?:层|楼)/;
const ROOM = /(\d+)(?:室|号|户|房)?$/;

const number = (m: RegExpExecArray | null) => (m ? Number(m[1]) : undefined);

/** 1-2-104: building, entrance and room written with hyphens at the end of the address. */
const HYPHENATED = /(\d+)-(\d+)-(\d+)\s*$/;

/** Splits an address into its parts; a part the address does not state is left out. */
export function addressParts(address: string): AddressParts {
  const wide = address.normalize('NFKC');
  const hyphenated = HYPHENATED.exec(wide);
  if (hyphenated) {
    return { base: normaliseAddressText(wide.slice(0, hyphenated.index)), building: Number(hyphenated[1]), entrance: Number(hyphenated[2]), room: String(Number(hyphenated[3])) };
  }
  const text = normaliseAddressText(wide);
  const building = BUILDING.exec(text);
  const base = building ? text.slice(0, building.index) : text.replace(ROOM, '');
  const rest = building ? text.slice(building.index + building[0].length) : text;
  const room = ROOM.exec(rest);
  const floor = number(FLOOR.exec(rest));
  // "3层02号" names room 302: a one- or two-digit room number is counted within its floor.
  const roomNumber = room && (room[1].length <= 2 && floor !== undefined ? floor * 100 + Number(room[1]) : Number(room[1]));
  return { base, building: number(building), entrance: number(ENTRANCE.exec(rest)), floor, room: roomNumber === undefined || roomNumber === null ? undefined : String(roomNumber) };
}

/** A building, floor or room as a column holds it ("一号楼", "3栋", "101室", "１０１"): its number, or undefined. */
export function numberIn(text: string): number | undefined {
  const m = /\d+/.exec(normaliseAddressText(text));
  return m ? Number(m[0]) : undefined;
}
