import { PROVINCE_ABBREVIATIONS, ProvinceAbbreviation, isProvinceAbbreviation } from './division-codes';
import { Check, checkFailed, checkPassed, surfaceProblem } from './result';

export type CertificateKind = 'TITLE' | 'PROOF';

export type CertificateNumberInfo = {
  /** GB/T 2260 province code, e.g. 51. */
  province: string;
  /** The abbreviation as printed, e.g. 川 (贵 and 黔 both map to 52). */
  provinceAbbr: ProvinceAbbreviation;
  year: number;
  issuer: string;
  kind: CertificateKind;
  sequence: number;
};

/** Unified registration of real estate started on 1 March 2015. */
export const FIRST_CERTIFICATE_YEAR = 2015;
export const UNIFIED_REGISTRATION_START = '2015-03-01';

const SHAPE = /^(.)[(（](\d{4})[)）](\S{2,20}?)不动产(权|证明)第(\d+)号$/u;

export function checkCertificateNumber(s: string, currentYear: number): Check<CertificateNumberInfo> {
  const surface = surfaceProblem(s, 'certificate number');
  if (surface) return checkFailed('CERT_NUMBER_FORMAT', surface);
  const m = SHAPE.exec(s);
  if (!m) {
    return checkFailed(
      'CERT_NUMBER_FORMAT',
      'The certificate number must look like 川(2023)达州市不动产权第0001234号 or 川(2023)达州市不动产证明第0001234号.',
    );
  }
  const [, abbr, yearText, issuer, kindText, seqText] = m;
  if (!isProvinceAbbreviation(abbr)) {
    return checkFailed('CERT_NUMBER_PROVINCE', `The certificate number starts with ${abbr}, which is not a province abbreviation.`);
  }
  const year = Number(yearText);
  if (year < FIRST_CERTIFICATE_YEAR || year > currentYear) {
    return checkFailed('CERT_NUMBER_YEAR', `The certificate year ${year} must be between ${FIRST_CERTIFICATE_YEAR} and ${currentYear}.`);
  }
  const sequence = Number(seqText);
  if (seqText.length > 7 || sequence === 0) {
    return checkFailed('CERT_NUMBER_SEQUENCE', 'The certificate sequence number must have 1 to 7 digits and must not be zero.');
  }
  const warnings =
    seqText.length < 7
      ? [{ rule: 'CERT_NUMBER_SHORT_SEQUENCE', message: `The sequence number ${seqText} has fewer than the usual 7 digits; it is read as ${seqText.padStart(7, '0')}.` }]
      : [];
  return checkPassed(
    { province: PROVINCE_ABBREVIATIONS[abbr], provinceAbbr: abbr, year, issuer, kind: kindText === '权' ? 'TITLE' : 'PROOF', sequence },
    warnings,
  );
}

export type CertificateNumberInput = {
  provinceAbbr: ProvinceAbbreviation;
  year: number;
  issuer: string;
  kind: CertificateKind;
  sequence: number;
};

/** Canonical form: half-width parentheses and a 7-digit sequence. Throws a RangeError on parts no valid number can have. */
export function formatCertificateNumber(parts: CertificateNumberInput): string {
  const { provinceAbbr, year, issuer, kind, sequence } = parts;
  if (!isProvinceAbbreviation(provinceAbbr)) throw new RangeError(`Unknown province abbreviation ${provinceAbbr}.`);
  if (!Number.isInteger(year) || year < FIRST_CERTIFICATE_YEAR || year > 9999) throw new RangeError(`Invalid certificate year ${year}.`);
  if (kind !== 'TITLE' && kind !== 'PROOF') throw new RangeError(`Unknown certificate kind ${String(kind)}.`);
  if (!/^\S{2,20}$/u.test(issuer)) throw new RangeError(`Invalid issuer name ${issuer}.`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) throw new RangeError(`Invalid certificate sequence ${sequence}.`);
  const word = kind === 'TITLE' ? '不动产权' : '不动产证明';
  return `${provinceAbbr}(${year})${issuer}${word}第${String(sequence).padStart(7, '0')}号`;
}

/** The title certificates issued before unified registration, whose numbers migrated certificates keep. */
export type LegacyCertificateKind = 'HOUSE_OWNERSHIP' | 'LAND_USE';

export type LegacyCertificateNumberInfo = {
  /** 房屋所有权证 or 国有土地使用证. */
  legacyKind: LegacyCertificateKind;
  /** The number as the ledger keys it: half-width parentheses, otherwise as printed (old numbers have no canonical padding). */
  number: string;
  /** The issuing authority's prefix and, for a house certificate, its office word: 达市 / 通川区. */
  issuer: string;
  /** The year a land-use number states, 达市国用(2012)…; house numbers state none. */
  year?: number;
  sequence: string;
};

/** 达市房权证通川区字第0012345号: city abbreviation, 房权证, the registering office's word, 字第, the number. */
const HOUSE_SHAPE = /^(\p{Script=Han}{1,6})房权证(\p{Script=Han}{1,10})字第(\d{3,10})号$/u;
/** 达市国用(2012)第01234号, 京朝国用(2003出)第0123号: prefix, 国用, the year (and 出让/划拨 mark), 第, the number. */
const LAND_SHAPE = /^(\p{Script=Han}{1,8})国用[(（](\d{4})(\p{Script=Han}?)[)）]第(\d{1,10})号$/u;
/** Land-use certificates in today's form date from the land registration of 1987 on. */
const FIRST_LAND_USE_YEAR = 1987;

/**
 * A number of the certificates issued before the unified 不动产权证书: a 房屋所有权证 (达市房权证通川区字第0012345号)
 * or a 国有土地使用证 (达市国用(2012)第01234号). A migrated certificate keeps it and verifies by it.
 */
export function checkLegacyCertificateNumber(s: string, currentYear: number): Check<LegacyCertificateNumberInfo> {
  const surface = surfaceProblem(s, 'certificate number');
  if (surface) return checkFailed('CERT_NUMBER_FORMAT', surface);
  const house = HOUSE_SHAPE.exec(s);
  if (house) {
    const [, city, office, sequence] = house;
    return checkPassed({ legacyKind: 'HOUSE_OWNERSHIP', number: s, issuer: `${city}/${office}`, sequence });
  }
  const land = LAND_SHAPE.exec(s);
  if (!land) {
    return checkFailed('CERT_NUMBER_LEGACY_FORMAT', 'A pre-2015 certificate number must look like 达市房权证通川区字第0012345号 (房屋所有权证) or 达市国用(2012)第01234号 (国有土地使用证).');
  }
  const [, prefix, yearText, mark, sequence] = land;
  const year = Number(yearText);
  if (year < FIRST_LAND_USE_YEAR || year > currentYear) {
    return checkFailed('CERT_NUMBER_YEAR', `The land-use certificate year ${year} must be between ${FIRST_LAND_USE_YEAR} and ${currentYear}.`);
  }
  return checkPassed({ legacyKind: 'LAND_USE', number: `${prefix}国用(${yearText}${mark})第${sequence}号`, issuer: prefix, year, sequence });
}

/** Whether a number has one of the pre-2015 shapes (not whether it is valid): which check should judge it. */
export const looksLikeLegacyCertificateNumber = (s: string): boolean => /房权证|国用/u.test(s) && !/不动产(权|证明)第/u.test(s);
