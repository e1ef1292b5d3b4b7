import { z } from 'zod';
import { checkArea } from './area';
import { checkCertificateNumber } from './certificate-number';
import { checkCreditCode } from './credit-code';
import { checkIsoDate } from './date';
import { checkHouseCode } from './house-code';
import { checkMoney } from './money';
import { MAX_ORG_NAME_LENGTH, MAX_PERSON_NAME_LENGTH, checkPartyName } from './party-name';
import { checkResidentId } from './resident-id';
import { Check } from './result';
import { checkUnitNumber } from './unit-number';

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

// pattern/minLength/maxLength in .meta only document the shape in the generated JSON Schema;
// validation (and the single issue per field) comes from the check.

export const zUnitNumber = z
  .string()
  .superRefine(refineWith(checkUnitNumber))
  .meta({
    description: '不动产单元代码 (GB/T 37346-2019): 28 characters.',
    example: '340123002004GB00011F00220045',
    pattern: '^\\d{12}[GJZ][ABSXCDEFHGWY]\\d{5}[FLQW]\\d{8}$',
  });

export function zResidentId(today: () => Date) {
  return z
    .string()
    .superRefine(refineWith((s) => checkResidentId(s, today())))
    .meta({
      description: '公民身份号码 (GB 11643): 17 digits and a check digit or uppercase X; also residence permits.',
      example: '11010519491231002X',
      pattern: '^\\d{17}[\\dX]$',
    });
}

export const zCreditCode = z
  .string()
  .superRefine(refineWith(checkCreditCode))
  .meta({
    description: '统一社会信用代码 (GB 32100): 18 characters from 0-9A-HJ-NPQRTUWXY.',
    example: '91350100M000100Y43',
    pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
  });

/** `currentYear` may be a function so that a long-running gateway does not freeze the year at start-up. */
export function zCertificateNumber(currentYear: number | (() => number)) {
  const year = typeof currentYear === 'function' ? currentYear : () => currentYear;
  return z
    .string()
    .superRefine(refineWith((s) => checkCertificateNumber(s, year())))
    .meta({
      description: '不动产权证书号 or 不动产登记证明号; parentheses may be half- or full-width.',
      example: '川(2023)达州市不动产权第0001234号',
      pattern: '^.[(（]\\d{4}[)）]\\S{2,20}?不动产(权|证明)第\\d{1,7}号$',
    });
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

/** Party schema whose resident-ID check includes "birth date not after today" for the given clock. */
export function zPartyIdAt(today: () => Date) {
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

// Validators hold no clock, so a schema built once at module load cannot know today: it bounds
// birth dates by the last representable day. Use zPartyIdAt(today) where the time is known.
const NO_TODAY = new Date(Date.UTC(9999, 11, 30));

/** Every party rule except "birth date not in the future" (see zPartyIdAt). */
export const zPartyId = zPartyIdAt(() => NO_TODAY);

export type PartyId = z.infer<typeof zPartyId>;
