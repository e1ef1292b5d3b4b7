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
