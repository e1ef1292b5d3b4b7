import { z } from 'zod';
import { checkArea } from './area';
import { checkCertificateNumber, checkLegacyCertificateNumber, formatCertificateNumber, looksLikeLegacyCertificateNumber, type CertificateNumberInfo, type LegacyCertificateNumberInfo } from './certificate-number';
import { checkCreditCode } from './credit-code';
import { checkIsoDate, isoDateInChina } from './date';
import { checkHouseCode } from './house-code';
import { checkIdNumber } from './id-number';
import { checkMoney } from './money';
import { MAX_ORG_NAME_LENGTH, MAX_PERSON_NAME_LENGTH, checkPartyName } from './party-name';
import { checkResidentId } from './resident-id';
import { Check, halfWidthTrimmed } from './result';
import { checkUnitNumber } from './unit-number';
import { withWarnings } from './warnings';

/**
 * Turns a check into a zod refinement: a failure becomes one custom issue carrying the check's
 * message and `params.rule`, so an HTTP layer can answer `{ field: issue.path, rule, message }`.
 */
export function refineWith<T>(check: (s: string) => Check<T>): (value: string, ctx: z.RefinementCtx<string>) => void {
  return (value, ctx) => {
    const result = check(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, params: { rule: result.rule } });
  };
}

/** A cross-field rule as a refinement of the object: a failure is reported at `field`, as that field's own rule would be. */
export function refineAcross<T>(field: string, check: (value: T) => Check<void>): (value: T, ctx: z.RefinementCtx<T>) => void {
  return (value, ctx) => {
    const result = check(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', path: [field], message: result.message, params: { rule: result.rule } });
  };
}

/**
 * The register's clock as the date-bounded schemas read it, at every parse: "today" is its China
 * date (birth dates not in the future, certificate years not after this one).
 */
export type Today = () => Date;

/**
 * For schemas built where no clock is at hand (the chaincode's argument schemas, made once at
 * load): "not in the future" admits every date up to the last representable day. The gateway
 * checks the same fields against the register clock before submitting, and the chaincode checks
 * party identities against the transaction time (zTransientPartiesAt).
 */
export const NO_TODAY: Today = () => new Date(Date.UTC(9999, 11, 30));

const chinaYear = (today: Today) => Number(isoDateInChina(today()).slice(0, 4));

// pattern/minLength/maxLength in .meta only document the shape in the generated JSON Schema;
// validation (and the single issue per field) comes from the check.

/**
 * An identifier as typed: full-width forms and surrounding spaces undone and letters in upper case
 * (a check character x is X) before the check, so the parsed value is the normalised one;
 * `canonical` may rewrite an accepted value further. The check's warnings are registered.
 */
function zIdentifier<T>(check: (s: string) => Check<T>, meta: { description: string; example: string; pattern: string }, canonical?: (value: T) => string) {
  const normalise = (s: string) => halfWidthTrimmed(s).toUpperCase();
  const checked = z.string().overwrite(normalise).superRefine(refineWith(check));
  const schema = canonical
    ? // zod still runs this after a failed check (its issues do not abort), so only an accepted value is rewritten.
      checked.overwrite((s) => {
        const result = check(s);
        return result.ok ? canonical(result.value) : s;
      })
    : checked;
  return withWarnings(schema.meta(meta), (input) => {
    const result = check(normalise(input));
    return result.ok ? result.warnings : [];
  });
}

export const zUnitNumber = z
  .string()
  .superRefine(refineWith(checkUnitNumber))
  .meta({
    description: '不动产单元代码 (GB/T 37346-2019): 28 characters.',
    example: '340123002004GB00011F00220045',
    pattern: '^\\d{12}[GJZ][ABSXCDEFHGWY]\\d{5}[FLQW]\\d{8}$',
  });

export function zResidentId(today: Today) {
  return zIdentifier((s) => checkResidentId(s, today()), {
    description: '公民身份号码 (GB 11643): 17 digits and a check digit or X; also residence permits. Full-width characters, surrounding spaces and a lower-case x are normalised. A birth year before 1900 is accepted with a warning.',
    example: '11010519491231002X',
    pattern: '^\\d{17}[\\dX]$',
  });
}

export const zCreditCode = zIdentifier(checkCreditCode, {
  description: '统一社会信用代码 (GB 32100): 18 characters from 0-9A-HJ-NPQRTUWXY, normalised like a resident ID. A wrong check character is accepted with a warning only on a code of the documented Fujian pilot shape.',
  example: '91350100M000100Y43',
  pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
});

/** The ID number of a party of either kind (a search by ID number): a resident ID or a unified social credit code. */
export function zIdNumberAt(today: Today) {
  return zIdentifier((s) => checkIdNumber(s, today()), {
    description: 'A resident ID (公民身份号码) or a unified social credit code (统一社会信用代码), normalised and checked as either.',
    example: '11010519491231002X',
    pattern: '^(\\d{17}[\\dX]|[0-9A-HJ-NPQRTUWXY]{18})$',
  });
}

/** A certificate number, read as the canonical one the ledger keys: half-width parentheses and a 7-digit sequence. */
export function zCertificateNumber(today: Today) {
  return zIdentifier(
    (s) => checkCertificateNumber(s, chinaYear(today)),
    {
      description: '不动产权证书号 or 不动产登记证明号; parentheses and digits may be half- or full-width, and a sequence of fewer than 7 digits is accepted with a warning and zero-padded.',
      example: '川(2023)达州市不动产权第0001234号',
      pattern: '^.[(（]\\d{4}[)）]\\S{2,20}?不动产(权|证明)第\\d{1,7}号$',
    },
    formatCertificateNumber,
  );
}

/**
 * A title certificate number of either scheme: a 不动产权证书 number, or the pre-2015 房屋所有权证 /
 * 国有土地使用证 number a migrated certificate keeps (where a number is looked up or verified).
 */
export function zTitleNumber(today: Today) {
  const check = (s: string): Check<CertificateNumberInfo | LegacyCertificateNumberInfo> =>
    looksLikeLegacyCertificateNumber(s) ? checkLegacyCertificateNumber(s, chinaYear(today)) : checkCertificateNumber(s, chinaYear(today));
  return zIdentifier(
    check,
    {
      description: 'A 不动产权证书号 or 不动产登记证明号 as for certificate numbers, or a pre-2015 房屋所有权证 number (达市房权证通川区字第0012345号) or 国有土地使用证 number (达市国用(2012)第01234号) kept by a migrated certificate.',
      example: '川(2023)达州市不动产权第0001234号',
      pattern: '^(.[(（]\\d{4}[)）]\\S{2,20}?不动产(权|证明)第\\d{1,7}号|\\S{1,6}房权证\\S{1,10}字第\\d{3,10}号|\\S{1,8}国用[(（]\\d{4}\\S?[)）]第\\d{1,10}号)$',
    },
    (info) => ('legacyKind' in info ? info.number : formatCertificateNumber(info)),
  );
}

export const zMoney = z
  .string()
  .superRefine(refineWith((s) => checkMoney(s)))
  .meta({
    description: 'Amount in yuan as a decimal string with at most 2 decimals, greater than zero.',
    example: '1250000.00',
    pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$',
  });

export const zMoneyOrZero = z
  .string()
  .superRefine(refineWith((s) => checkMoney(s, { allowZero: true })))
  .meta({
    description: 'Amount in yuan as a decimal string with at most 2 decimals; zero allowed.',
    example: '0.00',
    pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$',
  });

export const zArea = z
  .string()
  .superRefine(refineWith(checkArea))
  .meta({
    description: 'Area in square metres as a decimal string with at most 2 decimals, above 0 and at most 1000000.',
    example: '89.57',
    pattern: '^(0|[1-9]\\d{0,6})(\\.\\d{1,2})?$',
  });

export const zIsoDate = z
  .string()
  .superRefine(refineWith(checkIsoDate))
  .meta({ description: 'Calendar date YYYY-MM-DD.', example: '2024-03-15', format: 'date' });

export const zHouseCode = z
  .string()
  .superRefine(refineWith(checkHouseCode))
  .meta({
    description: '房屋编码 of the housing authority: 1-40 ASCII letters, digits or hyphens.',
    example: '510102-0012-0301',
    pattern: '^[0-9A-Za-z-]{1,40}$',
  });

/** Surrounding spaces are trimmed (a type-preserving overwrite that JSON Schema can still describe). */
export const zPersonName = z
  .string()
  .trim()
  .superRefine(refineWith((s) => checkPartyName(s, MAX_PERSON_NAME_LENGTH)))
  .meta({ description: 'Name of a natural person.', example: '张三', minLength: 1, maxLength: MAX_PERSON_NAME_LENGTH });

export const zOrgName = z
  .string()
  .trim()
  .superRefine(refineWith((s) => checkPartyName(s, MAX_ORG_NAME_LENGTH)))
  .meta({ description: 'Name of an organisation.', example: '福建省某某置业有限公司', minLength: 1, maxLength: MAX_ORG_NAME_LENGTH });

/**
 * The one party schema, wherever a party is given in full: a natural person with a resident ID or
 * an organisation with a unified social credit code, birth dates bounded by `today`.
 */
export function zPartyIdAt(today: Today) {
  return z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('PERSON'), name: zPersonName, idNumber: zResidentId(today) }),
      z.strictObject({ kind: z.literal('ORG'), name: zOrgName, idNumber: zCreditCode }),
    ])
    .meta({
      description: 'A party: a natural person with a resident ID, or an organisation with a unified social credit code.',
      example: { kind: 'PERSON', name: '张三', idNumber: '11010519491231002X' },
    });
}

/** A party in full, or only its ID number (where the number alone is what counts, as in a search). */
export function zPartyOrIdNumberAt(today: Today) {
  return z.union([
    zPartyIdAt(today),
    // Naming `kind` as never given sends a full party that fails its checks to the party branch, so the
    // caller is told which field of the party is wrong rather than that no branch matched.
    z.strictObject({ kind: z.never().optional(), idNumber: zIdNumberAt(today) }),
  ]);
}

export type PartyId = z.output<ReturnType<typeof zPartyIdAt>>;
