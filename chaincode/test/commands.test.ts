import { z } from 'zod';
import { LedgerCommands, apiCommands, issues, zTransientPartiesAt } from '../src';
import { residentIdCheckChar } from '../src/domain/validators';

const TODAY = () => new Date('2025-06-15T04:00:00Z');
const api = apiCommands(TODAY);
const found = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : issues(r.error).map(({ field, rule }) => ({ field, rule }));
};

describe('cross-field rules, the same in the chaincode and at the gateway', () => {
  const assess = (amount: string) => ({ taxId: 'T-1', contractId: 'HT-1', items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1000000.00', rate: '3', amount }] });
  const mortgage = (termStart: string, termEnd: string) => ({
    registrationId: 'R-1', type: 'MORTGAGE', unitNumber: '511702001002GB00011F00010001', applicants: [{ party: 'p1' }],
    mortgage: { creditor: 'p2', amount: '500000.00', maximumAmount: false, noTransfer: false, termStart, termEnd },
  });

  test.each([
    ['chaincode', LedgerCommands.assessTax],
    ['gateway', api.assessTax],
  ])('%s: a tax amount that contradicts base × rate is refused at items.N.amount', (_side, schema) => {
    expect(found(schema, assess('30000.00'))).toEqual([]);
    expect(found(schema, assess('1.00'))).toEqual([{ field: 'items.0.amount', rule: 'TAX_AMOUNT_MISMATCH' }]);
  });

  test('a malformed amount is reported once, by its own rule', () => {
    expect(found(LedgerCommands.assessTax, assess('1.001'))).toEqual([{ field: 'items.0.amount', rule: 'MONEY_FORMAT' }]);
  });

  test('a mortgage term that ends before it starts is refused at mortgage.termEnd', () => {
    expect(found(LedgerCommands.applyRegistration, mortgage('2026-01-01', '2046-01-01'))).toEqual([]);
    expect(found(LedgerCommands.applyRegistration, mortgage('2026-01-01', '2025-12-31'))).toEqual([{ field: 'mortgage.termEnd', rule: 'DATE_RANGE_ORDER' }]);
  });
});

describe('identifiers in commands', () => {
  test('a certificate to revoke is named by a well-formed number, read in its canonical form', () => {
    expect(api.revokeCertificate.parse({ certNo: '川（2023）达州市不动产权第1234号', reason: '错误登记' }).certNo).toBe('川(2023)达州市不动产权第0001234号');
    expect(found(api.revokeCertificate, { certNo: 'NO-SUCH', reason: '错误登记' })).toEqual([{ field: 'certNo', rule: 'CERT_NUMBER_FORMAT' }]);
    expect(found(api.revokeCertificate, { certNo: '川(2026)达州市不动产权第0001234号', reason: '错误登记' })).toEqual([{ field: 'certNo', rule: 'CERT_NUMBER_YEAR' }]);
  });

  test('the chaincode bounds birth dates in the transient parties by the transaction date', () => {
    const born = (date: string) => `110105${date}001` + residentIdCheckChar(`110105${date}001`);
    const parties = (date: string) => ({ p1: { kind: 'PERSON', name: '张三', idNumber: born(date) } });
    expect(found(zTransientPartiesAt(TODAY), parties('20250615'))).toEqual([]);
    expect(found(zTransientPartiesAt(TODAY), parties('20250616'))).toEqual([{ field: 'p1.idNumber', rule: 'RESIDENT_ID_BIRTH_DATE' }]);
  });

  test('every party of a gateway command takes the one party schema, normalised', () => {
    const developer = { kind: 'ORG', name: '福建某某置业有限公司', idNumber: '９１３５０１００ｍ０００１００ｙ４３' };
    const project = { projectId: 'P-1', name: '滨江花园', district: '511702', developer, buildings: [] };
    expect(found(api.publishProject, project)).toEqual([{ field: 'buildings', rule: 'TOO_SMALL' }]);
    const future = { kind: 'PERSON', name: '张三', idNumber: '11010520300101001' + residentIdCheckChar('11010520300101001') };
    expect(found(api.publishProject, { ...project, developer: future })[0]).toEqual({ field: 'developer.idNumber', rule: 'RESIDENT_ID_BIRTH_DATE' });
  });
});
